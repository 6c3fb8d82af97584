"""Prospectus views: `public` (the prospectus anyone may browse) and the managers' pages by topic."""
