"""WaRP: runs a Recovery Education Centre and the partnership work around it."""
