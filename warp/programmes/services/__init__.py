"""What people do in programmes, by topic: workforce, mentoring, network, awards."""
