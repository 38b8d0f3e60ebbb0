import os

# Haystack reports usage to PostHog unless told not to; nothing here may reach the network.
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
