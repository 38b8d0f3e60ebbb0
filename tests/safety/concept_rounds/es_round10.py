"""Spanish concepts widened in the tenth tuning round, on the misses of fresh16 (emergent-heavy, regional speech and
relatives answering for the patient) and fresh17 (everyday answers), both written by engineers who never saw the
rules. Each line is written afresh for this file (in no evaluation file); every WIDENED line was silent for its key on
the rules before this round (main 56bb586). The look-alikes: someone speaking for themself, a neighbour's operated
leg, breathing in deeply and feeling better, heat past bearing, the dose as written, a normal temperature, a child who
drinks little but passes water, dismay-words answering no.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_EMERGENT = [
    # coming round on the floor, told in the present as a non-native speaker tells it
    ("fainting", "me levanté del sillón y luego despierto tirada en el suelo de la sala"),
    # a hand that will not grip is a finding, not a denial reaching the drooping face after it
    ("stroke", "mi brazo no agarra fuerza, la cara torcida de un lado"),
    # the word (singular) that will not come out
    ("stroke", "quiero hablar y la palabra no me sale"),
    # life itself past bearing, and ending it said in English inside Spanish
    ("self_harm", "estoy harta de vivir así"),
    ("self_harm", "ya no soporto mi vida"),
    ("self_harm", "sometimes I think about just ending it, la verdad"),
    # pressed on for a while and it goes on and on
    ("bleeding_uncontrolled", "sangra del drenaje, le aprieto con una gasa desde hace rato y sigue y sigue"),
    # vomiting, and blood in it said a few words on
    ("blood_coughed_or_vomited", "vomité en la mañana, otra vez en la tarde, y traía sangre"),
    ("blood_coughed_or_vomited", "el niño vomitó al rato de la cirugía de garganta y le vi sangre"),
    # "ay no" of dismay before what is happening is no denial
    ("anaphylaxis", "Ay no, mire, se me está hinchando la lengua y casi no paso saliva"),
    ("chest_pain", "Ay, no, me está apretando el pecho otra vez"),
    # the caller says they answer for the patient (the speaker unknown, the words alone): the relative is the patient
    ("chest_pain", "Hablo por mi esposa, ella no puede; dice que le aprieta el pecho"),
    ("stroke", "Soy el hijo de la paciente; mi mamá tiene la cara caída de un lado"),
]

CAREGIVER = [
    # the operated limb or side said as the relative's ties them to the procedure
    ("blood_clot", "mi papá tiene la pantorrilla hinchada y caliente, del lado operado"),
    # the medicine given to the relative, with other care said between
    ("cyanosis", "mi mamá está con los labios moraditos, y eso que ya le di el desayuno y su medicina"),
]

WIDENED = [
    # a pain that gives no respite, even with the pills
    ("uncontrolled_pain", "este dolor no me da paz, ni las pastillas lo calman"),
    # the number taken set against the number written
    ("medication_overdose", "me tomé cuatro, y la receta dice una"),
    # a bloodied dressing with the limb said between
    ("bleeding_soaked_dressing", "la venda del tobillo operado quedó toda ensangrentada"),
    # "devolver" misspelt with a b
    ("vomiting_no_fluids", "lo que bebo lo debuelbo enseguida"),
    # a child who will not drink and has not passed water since
    (
        "child_dehydration",
        "la niña no quiere ni el suero desde ayer y en la tarde me di cuenta que no ha orinado desde la mañana",
    ),
    # "marcó" (the thermometer read) is a temperature word with its accent dropped, as it is read
    ("fever", "ayer me marcó 39"),
    ("mild_fever", "me marcó 38 al mediodía"),
    # a nurse asked for in the past subjunctive, or with "podría"
    ("nurse_request", "quisiera que me marcara una enfermera"),
    ("nurse_request", "¿el doctor me podría llamar hoy?"),
    ("caregiver", "nurse_request", "mi esposa necesita que una enfermera le explique lo del drenaje"),
]

QUIET = [
    # speaking for oneself is not speaking for the patient: the mother's chest pain is someone else's
    "Hablo por mi cuenta: mi mamá tiene dolor de pecho.",
    # a neighbour's operated leg ties no one to the procedure
    "mi vecina tiene la pierna operada y le duele el pecho",
    # breathing in over and over, and better for it
    "respiro y respiro hondo y me siento mejor",
    # the heat past bearing, not life
    "ya no aguanto este calor",
    # the dose as written
    "me tomé una, como dice la receta",
    "tomé dos, el doctor dice una o dos",
    # dismay-words then the question answered no
    "Ay no, fiebre no tengo, gracias a Dios.",
    "Ay no, gracias, no tengo dolor de pecho",
    # a normal temperature read
    "me marcó 37 nada más",
]

NOT_URGENT = [
    # a child who drinks little but passes water
    "el niño no quiere tomar agua pero ya orinó bien",
]
