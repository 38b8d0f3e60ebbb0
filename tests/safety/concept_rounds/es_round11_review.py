"""Spanish red flags that were silent on main after round 11, found by the false-alarm tuner's probes and in review (in
no evaluation file): a "what if" question said before what already happened reached past it ("¿qué tal si me desmayo
otra vez?, ya me desmayé dos veces hoy"); the "No," that opens an answer denied a part of the body that changed after
it ("No, la mano se me puso morada..."); "no agarro aire" raised nothing; toes or fingers gone black raised nothing
(skin damage); and a hand or foot that "se me puso morada" under a cast was read as cyanosis (911) rather than
circulation. An answer closed with no final stop (as speech-to-text writes it) now reads as if it had one, so "dolor de
pecho no, falta de aire tampoco" denies both (one development row, a false alarm, reads differently). TIERS holds
the look-alikes too: the question alone, and "No," before a complaint that went away.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

TIERS = [
    # the question, then the speaker's own past: the past is no question
    ("¿Y qué tal si me vuelvo a desmayar?, ya me desmayé esta mañana en el baño", "emergent"),
    ("qué tal si me sube la calentura, ya tuve 39 y medio anoche", "urgent"),
    # the question alone, or with something done already, stays a question
    ("¿qué tal si me da calentura en la noche?", "none"),
    ("¿Qué tal si se me abre la herida?, ya me la revisó el doctor y dijo que bien", "none"),
    # "No," then a part of the body that changed
    ("No, el pie se me puso helado y dormido con el yeso", "urgent"),
    ("No, la pierna está hinchada y caliente desde ayer", "urgent"),
    # "No," then a complaint that went away, or a part that is fine
    ("No, la calentura se me quitó desde el lunes", "none"),
    ("No, la pierna está bien, no está hinchada", "none"),
    # toes or fingertips gone black: skin damage (urgent); a hand gone purple is circulation, the lips still 911
    ("la puntita del dedo gordo se le está poniendo negra", "urgent"),
    ("los dedos de la mano se ven prietos desde ayer", "urgent"),
    ("la mano se me puso moradita con la férula", "urgent"),
    ("al bebé se le puso morada la boquita", "emergent"),
    # the breath not caught, said with the verb itself
    ("desde anoche no agarro bien el aire, ni acostada", "emergent"),
    # an answer with no final stop, as speech-to-text writes it
    ("dolor en el pecho no, y la falta de aire tampoco", "none"),
    ("me aprieta el pecho desde ayer, calentura no", "emergent"),
]
