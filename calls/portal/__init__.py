"""What the portal's call pages show a nurse: readable transcripts, the call's progress, honest action feedback."""
