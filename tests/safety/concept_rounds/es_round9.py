"""Spanish concepts widened in the ninth tuning round, on the misses of fresh14 (emergent-heavy, Mexican, Caribbean and
Central American speech with code-switching) and fresh15 (everyday answers with red flags slipped in), both written by
engineers who never saw the rules. Each line is written afresh for this file (in no evaluation file); every WIDENED
line was silent for its key on the rules before this round (main 309acd0). The look-alikes: a baby asleep, a baby
dropping off after a feed, a caller who is the patient, a neighbour, a nurse call turned down, pills counted.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_EMERGENT = [
    # called or shaken and barely stirring, or dropping straight back off to sleep
    ("unresponsive", "la llamo y apenas se queja, luego nada"),
    ("unresponsive", "lo sacudo del hombro y se vuelve a quedar dormido enseguida"),
    # who cannot be woken cannot be the one on the phone: a close relative named with it is the patient, the speaker
    # unknown (the words alone), as in English
    ("unresponsive", "no logro despertar a mi esposa, la muevo y nada"),
    # the whole body gone hard ("dura") and the limbs jumping
    ("seizure", "de repente se puso toda dura y le brincaban los brazos"),
    # the colour said first, then the parts it took, the lips last
    ("cyanosis", "se le pusieron moraditas las uñas, las orejas y los labios"),
    # bleeding, cloths used up, and it keeps running
    ("bleeding_uncontrolled", "me está sangrando la rodilla operada, ya van tres trapos y sigue corriendo"),
    # hives, then a hoarse voice: the airway swelling
    ("anaphylaxis", "le brotaron ronchas por todo el cuerpo y ahora tiene la voz ronca"),
]

CAREGIVER = [
    # any relative named at once as the one operated on is the patient, a cousin as much as a mother
    ("seizure", "mi prima, la que operaron del apéndice, está convulsionando en el sillón"),
]

WIDENED_KEY_AT_ITS_TIER = [
    # a child who got into someone else's pills
    ("medication_overdose", "el chamaco se metió debajo de la cama y se comió unas pastillas del buró"),
    # pills swallowed and nobody knows how many
    ("medication_overdose", "se tragaron unas pastillas, no sabemos cuántas"),
]

WIDENED = [
    # not gone since a day named
    ("constipation", "no cago desde el viernes"),
    ("constipation", "sin obrar desde antier"),
    # someone to talk to instead of the recording
    ("nurse_request", "¿habrá alguien que me atienda? esta grabación no me entiende"),
    # not understanding the call is no "no" to the question before it
    ("nurse_request", "¿Me comunica con una persona? No le oigo bien a la grabadora."),
]

QUIET = [
    # a baby asleep that barely moves, nobody trying to rouse it
    "el bebé está dormido y apenas se mueve, respira tranquilo",
    # dropping off after a feed
    "se despierta para comer y se vuelve a quedar dormido",
    # the nurse call turned down: the echoed question answered no
    "¿Que me llame la enfermera? No, gracias, estoy bien.",
    # pills counted, not taken in excess
    "me tomé las pastillas, no sé cuántas me quedan en el frasco",
    # a mix-up of bottles is not a confused mind (the overdose concept hears the mix-up when it is one)
    "se confundió de frasco pero no se tomó nada, ya lo revisé",
]

SOMEONE_ELSE = [
    # the caller says they are the patient: the relative who will not wake is someone else's emergency
    "mi papá no despierta, pero yo soy el paciente",
    # a neighbour is not a close relative
    "mi vecina no responde cuando le hablo",
    # a neighbour operated on the same day is not the patient
    "a mi vecina, la que operaron el mismo día que a mí, se le abrió la herida",
]
