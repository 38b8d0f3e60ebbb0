"""Spanish concepts widened in the sixth tuning round (the fresh10 batch, written by an engineer who never saw the
rules), each tested with phrasings written afresh for this file (in no evaluation file), and look-alikes that must
stay quiet: a relative who lives with the caller, what a friend told, a fright that "nearly gave" a heart attack,
the colour blamed with doubt. Every WIDENED line was silent on the rules before this round.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_OR_HIGHER = [
    # a rash said in augmentatives ("granotes") or blamed on a medicine with doubt
    ("medication_reaction", "me brotaron unos granotes en los brazos con el antibiótico"),
    ("medication_reaction", "tengo unos granotes que pican desde que tomo las pastillas nuevas"),
    ("medication_reaction", "me salieron ronchas en la panza, no sé si será por el jarabe"),
    ("medication_reaction", "le salió un sarpullido en el cuello, quién sabe si es por la inyección"),
    # red or irritated skin after a medicine, with no rash word
    ("medication_reaction", "tengo la piel roja e irritada desde las cápsulas nuevas"),
    # several pills at one go; a dose taken again after it had been taken; the pill count short
    ("medication_overdose", "me metí tres tabletas de un tirón porque no aguantaba"),
    ("medication_overdose", "me tomé cuatro pastillas de golpe anoche"),
    ("medication_overdose", "ya me había tomado la de la noche y me tomé otra"),
    ("medication_overdose", "faltan más de las que tocaban en el pastillero"),
    # the whole body shaking and not to be stopped
    ("seizure", "el cuerpo se le sacude fuerte y no lo podemos parar"),
    ("seizure", "mi cuerpo brinca solo, sin control"),
    # "morá" (the d dropped) on the lips or mouth; the colour blamed on the cold with doubt still fires
    ("cyanosis", "la nena tiene la boquita morá"),
    ("cyanosis", "tengo los labios azules, no sé si es por el frío"),
    ("cyanosis", "se me ven los labios morados, a lo mejor es del agua de la alberca"),
    # pressed and the bleeding goes on, said in many ways
    ("bleeding_uncontrolled", "me sangra la rodilla operada desde hace rato, le hago presión y no se me para"),
    ("bleeding_uncontrolled", "aprieto y aprieto pero la sangre sigue"),
    ("bleeding_uncontrolled", "la sangre sigue corre aunque presiono"),
    # crying or screaming with pain, said in the infinitive; misspelt by sound ("orrible", "acen")
    ("uncontrolled_pain", "el niño no deja de gritar del dolor"),
    ("uncontrolled_pain", "me dan ganas de llorar del dolor"),
    ("uncontrolled_pain", "el dolor es orrible"),
    ("uncontrolled_pain", "las pastillas no me acen efecto"),
    # vomiting that will not stop; nothing staying down, said in the progressive
    ("vomiting_no_fluids", "no he parado de vomitar en toda la tarde"),
    ("vomiting_no_fluids", "a la niña no le está quedando el suero"),
    ("vomiting_no_fluids", "ya no dejo de vomitar"),
    # the redness spreading, said verb first
    ("wound_infection", "la herida se ve fea, se está extendiendo la rojez"),
    # someone asked to call and explain
    ("nurse_request", "mejor que alguien me llame para explicarme lo de las pastillas"),
]

CAREGIVER_WIDENED = [
    # the operated relative's wound, owner named between the wound and its colour
    ("wound_infection", "la incisión de mi mamá está mucho más colorada hoy"),
    # a doubt about the cause ("quién sabe si") is no condition
    ("medication_reaction", "a mi esposo le salieron ronchas, quién sabe si será de la pastilla nueva"),
    # "not well" is a complaint: it denies nothing said after it
    ("chest_pain", "mi papá no está bien, tiene el pecho apretado"),
]

QUIET = [
    # a relative who lives with the caller is still someone else
    "mi tía que vive conmigo tiene mucha fiebre",
    # what someone told the caller about themselves
    "mi vecino me contó que le dio un derrame",
    # the fright that nearly gave one
    "casi me da un infarto cuando me llegó la cuenta del hospital",
    "por poco me da un ataque al corazón del susto",
    # last week's soaked dressing, changed since
    "la semana pasada se me mojó toda la gasa de sangre, pero ya me la cambiaron",
    # a condition whose answer is asked for by whom to tell or where to go
    "si me llega a dar fiebre alta, a quién le aviso",
    "si se me abren los puntos adónde voy",
    # vomited once, fine since then
    "el niño vomitó en la mañana, pero desde ahí ha comido bien",
    # two pills at once as prescribed; three over a day
    "tomo dos pastillas de una vez como dice la receta",
    "me tomé tres pastillas en todo el día, como me indicaron",
    # someone from the family, not the clinic, asked to call
    "que me llame alguien de mi familia, por favor",
    # a blood test's pressed cotton, nothing going on
    "me sacaron sangre para el análisis, apreté el algodón y ya",
    # the dose remembered and not repeated
    "ya me había tomado la de la mañana, así que no me tomé otra",
    # sunburnt skin, the medicine ruled out
    "tengo la piel roja del sol, no es de la medicina",
    # the one cared for is fine and the red flag is another's; an elder child set apart from the patient
    ("caregiver", "Mi esposo va bien, la que tiene fiebre es mi hija"),
    ("caregiver", "mi hija la mayor dice que se quiere morir"),
    # the purple mouth explained by what was eaten, without doubt
    "la boca morada pero es de la paleta de uva",
]
