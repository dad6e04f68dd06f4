"""Content templates (模板): text with member parameters, media, mini-program posters, per-channel rendering."""
