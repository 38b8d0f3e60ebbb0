"""Spanish cues of the thirteenth round (1 Dec evening), taken from development false alarms and one development row
that was right only by a misspelling: a cleft sentence naming the relative after the caller's own "yo estoy bien"
("el que se cortó ... fue mi esposo"), the caller's "que soy la operada" set off by commas, "h" dropped from a
relative ("mi ermano") or "b" written "v" ("vien"), and a relative whose trouble dates from the operation is the one
operated on ("mi hermano no despierta desde la operación"). Each line is written afresh for this file (in no
evaluation file); TIERS holds the near-misses that must still fire.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

QUIET_BECAUSE = [
    ("a cleft names the relative", "Yo ando bien, la que se cayó y sangró mucho de la rodilla fue mi cuñada."),
    ("a cleft, the present", "yo estoy bien gracias, el que tiene calentura de 39 es mi esposo"),
    ("the caller is the patient, commas", "Mi papá anda con fiebre, pero yo, que soy el operado, voy muy bien."),
    ("the patient is me", "Mi mamá tiene la pierna hinchada; la paciente soy yo y estoy bien."),
    ("a sibling spelt without h", "mi ermana tiene calentura de 39 pero yo estoy bien"),
    ("v for b", "yo estoy vien, el que anda con dolor de pecho es mi primo"),
]

TIERS = [
    # the caller's own red flag with a relative named after it still fires
    ("Me sangró mucho la herida y empapó la gasa, y el que me la limpió fue mi esposo.", "urgent"),
    ("Yo tengo calentura de 39 y la que me cuida es mi hija.", "urgent"),
]

WIDENED = [
    # a relative whose trouble dates from the operation is the one operated on
    (None, "unresponsive", "mi ermano no despierta desde la operasion, lo muevo y nada"),
]
