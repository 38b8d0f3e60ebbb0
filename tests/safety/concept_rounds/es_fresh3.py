"""Spanish concepts widened while tuning on the third fresh batch (utterances_es_dev_fresh3.jsonl), each
tested with phrasings written afresh for this file (not in any evaluation or tuning file), and the
context cases fixed in the same round: a caregiver speaking for the patient, an ailment said to be over,
a slight finding that is normal healing.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_TO_ITS_TIER = [
    # a body part said as a diminutive or in regional words
    ("cyanosis", "se le ve la bembita moradita"),
    ("cyanosis", "tiene los labios obscuros y la cara cenicienta"),
    ("anaphylaxis", "tengo los labios gordotes y me pica todo"),
    ("anaphylaxis", "ya no puedo tragar ni mi propia saliva"),
    ("stroke", "de un momento a otro empezó a arrastrar las palabras"),
    ("unresponsive", "anda perdido, no sabe ni en qué año estamos"),
    ("fainting", "se me fue la onda en la regadera y desperté en el piso"),
    ("fainting", "me mareé feo y cuando reaccioné ya me estaban levantando"),
    ("seizure", "amaneció con la lengua mordida y orinado y no se acuerda de nada"),
    ("self_harm", "a veces quisiera aserme daño"),
    ("self_harm", "no sé para qué sigo viviendo"),
    ("bleeding_soaked_dressing", "la gasa quedó full de sangre en una hora"),
    ("bleeding_soaked_dressing", "le cambiamos la venda y se volvió a ensopar"),
    ("medication_reaction", "me salió un ronchón en la panza desde el antibiótico nuevo"),
    ("medication_overdose", "anoche se tomó como ocho pastillas del dolor"),
    ("medication_overdose", "su papá y yo le dimos cada uno la dosis, le tocó doble"),
    ("nurse_request", "que me regrese la llamada la nurse por favor"),
    ("child_dehydration", "mi bebita está llorona, no toma el biberón y no ha mojado nada desde anoche"),
    ("uncontrolled_pain", "me duelen las costillas un nueve aunque me tomé lo que me recetaron"),
    # regional and folk words, participles said without their d, the Caribbean "-ico"
    ("fainting", "se quedó privao en la silla"),
    ("fainting", "se le fue el sentido un ratico"),
    ("stroke", "se le jaló la cara pa'l lado de repente"),
    ("stroke", "está hablando todo enredao"),
    ("seizure", "creo que a mi bebé le dio alferecía, se puso tiesito"),
    ("shortness_of_breath", "me levanté con un ahogo bien fuerte"),
    ("self_harm", "ojalá no amanezca"),
    ("medication_overdose", "el niño se empinó el frasco del jarabe"),
    ("bleeding_uncontrolled", "la sangre le corre como agua de la llave"),
    ("wound_opening", "se le destapó la cortada"),
    ("bleeding_soaked_dressing", "la venda está bañada de sangre"),
    # a parent describing a child
    ("shortness_of_breath", "al bebé se le hunden las costillitas cuando respira"),
    ("stroke", "de pronto no puede mover media cara"),
    ("vomiting_no_fluids", "devuelve hasta el suerito que le doy"),
    # English symptom words inside Spanish
    ("medication_reaction", "me dio un rash por el antibiotic que me mandaron"),
    ("shortness_of_breath", "ya no puedo breathe, me estoy cansando"),
    ("anaphylaxis", "se me está hinchando la tongue"),
]

# --- a caregiver who ties the relative to the procedure speaks for the patient ----------------------------
CAREGIVER = [
    "a mi esposo se le abrieron los puntos de la operación",
    "mi mamá, la que operaron del apéndice, tiene fiebre de 39",
    "mi papá no puede orinar desde que llegamos del hospital",
    "a mi abuelita se le empapó el vendaje de sangre",
]

SOMEONE_ELSE = [
    "Mi papá tiene dolor de pecho.",  # no tie to the procedure: someone else (CLINICAL.md)
    "mi esposa tiene calentura, pero yo que soy el operado estoy bien",
    "mi mamá se desmayó, ella no es la operada",
    "a mi suegra se le hinchó la pierna desde su operación",
    "mi otro hijo tiene la herida de la rodilla infectada",
    "a mi papá le falta el aire por el enfisema desde la cirugía",
]

# --- context: over now, a question, slight findings of normal healing --------------------------------------
QUIET = [
    "ya se me quitó el dolor de pecho",
    "tuve escalofríos el domingo pero desde ayer ya estoy bien",
    "me costaba ir del baño al principio, pero ya voy bien",
    "no me sale pus ni nada de la herida",
    "la herida está un poquito colorada, como siempre",
    "la gasa está un poco manchada, nada más",
    "tengo el pie un poquito hinchado, me dijeron que es normal",
    "de la operación pasada se me infectó la herida, esta vez todo bien",
    "mi esposa dice que mi esposo no es el paciente, él tiene chest pain",
]
