# The admin and any {{ datetime }} rendered without the clock filters: show the zone's abbreviation.
# TIME_ZONE is the clinic's zone (postop/settings.py), so these read as clinic time, labelled.
DATETIME_FORMAT = "D j M Y, H:i T"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
