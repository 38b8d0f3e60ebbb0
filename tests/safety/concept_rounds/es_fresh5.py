"""Spanish concepts widened while tuning on the fifth fresh batch (utterances_es_dev_fresh5.jsonl, written by
another engineer who never saw the rules), each tested with phrasings written afresh for this file (not in any
evaluation or tuning file), and the false alarms fixed in the same round by context: a colour explained by
sweets, a bruise, laughing, a condition followed by what the caller would do, an ailment over before the
procedure or left at the hospital.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_TO_ITS_TIER = [
    # something heavy sitting on the chest, said with a verb
    ("chest_pain", "siento como si alguien se me sentara encima del pecho"),
    ("chest_pain", "es como si un burro se me trepó en el pecho"),
    # breath too short to finish what one says
    ("shortness_of_breath", "ya no puedo acabar la oración sin parar a respirar"),
    ("shortness_of_breath", "no termina ni una frase sin quedarse sin aire"),
    # blood that jumps out with the heartbeat
    ("bleeding_uncontrolled", "la sangre me sale a saltos de la pierna"),
    ("bleeding_uncontrolled", "le salta la sangre del brazo con cada latido"),
    # a leg both swollen and hot, however far from where it is named
    ("blood_clot", "la pantorrilla de este lado desde ayer en la noche se puso toda hinchada y caliente"),
    ("blood_clot", "el muslo izquierdo lo tengo como pata de elefante desde anoche"),
    # only drops at the toilet
    ("urinary_retention", "fui al baño tres veces y nomás me salen unas gotas"),
    # a painkiller that does nothing, in idiom
    ("uncontrolled_pain", "la medicina del dolor ni cosquillas le hace"),
    ("uncontrolled_pain", "me tomé el tramadol y es como si me tomara agua, el dolor sigue"),
    # a spoon for a teaspoon
    ("medication_overdose", "le puse al niño una cucharada sopera en lugar de la cucharadita"),
    ("medication_overdose", "le dimos dos cucharadas del jarabe en vez de una cucharadita"),
    # feeling warm in oneself
    ("mild_fever", "desde la tarde me siento medio calientita"),
    # slurred speech
    ("stroke", "de repente empezó a arrastrar la lengua al hablar"),
    # a heavy thing on the chest, blood out with the pulse, a leg gone fat, days without the toilet
    ("chest_pain", "es como tener una losa encima del pecho"),
    ("bleeding_uncontrolled", "la sangre sale a latidos de la cortada"),
    ("blood_clot", "la pierna operada se le puso bien gorda y colorada"),
    ("constipation", "ya van cinco días que no he ido al baño"),
]

# --- a caregiver who ties the relative to the procedure in other words ----------------------------------------
CAREGIVER = [
    "mi mamá, a la que le hicieron la colonoscopia, está vomitando sangre",
    "my wife la operada de la rodilla se desmayó en el baño",
    "mi papá, el que tuvo la cirugía del corazón, no se despierta aunque le hablo fuerte",
]

# --- context: the colour of sweets, a bruise, laughing, a condition, over before or at the hospital ----------
QUIET = [
    "tiene los labios morados pero es de las moras que se comió",
    "la boquita la tiene azul pero fue del raspado de mora azul",
    "tengo un cardenal morado en el brazo del golpe",
    "mi nieto se ahoga de risa con las caricaturas",
    "si le salen ronchas con la medicina se la suspendo",
    "me dio un desmayo en el hospital el día de la cirugía pero ya en mi casa me siento bien",
    "tuve calentura por un resfriado pero ya antes de la cirugía estaba bien",
    "el cuarto está bien caliente y no puedo dormir",
    "hace dos días que voy al baño normalito",
    "fui al baño y oriné bien, nomás unas gotitas al final",
    # a limb asleep from how one sits or lies; warm under a blanket
    "se me duerme el pie cuando paso mucho rato sentado en la compu",
    "se me entumen los dedos de la mano al dormir de lado",
    "ando calientito con el suéter que me tejió mi hija",
]
