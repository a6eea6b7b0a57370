"""Qt and stdlib utilities the screens share: the background task runner and the exporter."""
