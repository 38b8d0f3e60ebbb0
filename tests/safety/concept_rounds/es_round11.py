"""Spanish concepts widened in the eleventh tuning round, on the misses of fresh18 (emergent-heavy, every emergent
concept ten ways, regional) and fresh19 (what must not alarm beside red flags said the same way), both written by
engineers who never saw the rules. Each line is written afresh for this file (in no evaluation file); every WIDENED line
was silent for its key on the rules before this round (main 3ae1784). The look-alikes: a stare at the television,
moving a car, a haircut crossing the mind, a colour the cold explains, a fever gone and the patient well, stepping out
for air, a wheelchair asked for, a taxi called, going out again, a neighbour named by her operation.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_EMERGENT = [
    # the stare fixed on nothing, then the shaking: a seizure, not only a vacant look
    ("seizure", "se quedó con la vista perdida y empezó a sacudir las manos"),
    # an episode over, but the one it happened to not back to themself after it (not "gone")
    ("seizure", "le dio una convulsión, ya se le quitó, pero quedó bien ido"),
    # breath too short to finish speaking, without the word "frase"
    ("shortness_of_breath", "no acabo de platicar nada sin tomar aire"),
    # the face drooping and the leg that will not lift, said in English inside Spanish
    ("stroke", "la boca se ve droopy de un lado"),
    ("stroke", "no puedo levantar el leg derecho desde anoche"),
    # a hand that holds nothing any more
    ("stroke", "la mano derecha ya no me sostiene ni la taza"),
    # shaken hard just to open the eyes, then asleep again
    ("unresponsive", "hay que moverla mucho pa que despierte y luego se queda dormida otra vez"),
    # pressed on and it does not stop, the stop said in English
    ("bleeding_uncontrolled", "sale sangre del drenaje, le hago presión y no stopping"),
    # the cause asked about with a question mark is a doubt, not an explanation
    ("cyanosis", "el bebé tiene los labios morados, ¿esto es del frío o qué?"),
]

CAREGIVER = [
    # the relative named by the procedure set beside them ("el de la próstata") is the one operated on
    ("bleeding_uncontrolled", "mi papá, el de la próstata, anda sangrando y no se le para"),
]

WIDENED = [
    # "podío": "podido" with its d dropped, as Caribbean and Andalusian Spanish says it
    ("urinary_retention", "no hemos podío hacer pipí desde anoche"),
    # what is drunk comes straight back
    ("vomiting_no_fluids", "bebo el suero y se me regresa al ratito"),
    # a call asked for politely through "ver si" / "saber si", or to ring ("marcar"), or anyone asked to call back
    ("nurse_request", "quería ver si me puede marcar la enfermera por lo de la venda"),
    ("nurse_request", "¿nos podría llamar alguien en la tarde?"),
    # a nurse asked to call by a non-native speaker, with the infinitive
    ("nurse_request", "doctor llamar a mí por favor"),
]

QUIET_BECAUSE = [
    ("a stare at the television, then sleep, is no seizure", "se quedó mirando la tele fijamente y luego se durmió"),
    ("moving a car so something can come out is no one roused", "hay que mover el carro para que salga"),
    ("a haircut crossing the mind is no self-harm", "se me pasa por la cabeza cortarme el pelo"),
    ("the cold said as the cause explains the colour", "el niño tiene la boca morada pero es del frío, ya se calentó"),
    ("a fever gone and the patient well", "le dio fiebre, ya pasó, y está muy bien"),
    ("stepping out for air is no breathlessness", "terminé de platicar con mi comadre y salí a tomar aire"),
    ("a wheelchair asked for is no call asked for", "quería ver si me puede prestar la silla de ruedas"),
    ("a taxi called for is no nurse", "¿alguien me puede llamar un taxi?"),
    ("going out again after a drink of water is no vomiting", "tomo agua y salgo otra vez a caminar"),
    ("a neighbour named by her operation is someone else", "mi vecina, la de la vesícula, tiene los labios morados"),
]
