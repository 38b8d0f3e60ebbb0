"""Spanish concepts widened in the seventh tuning round (the fresh11 batch of hard phrasings, written by engineers who
never saw the rules: what a patient sees or feels, without the textbook word), each tested with phrasings written
afresh for this file (in no evaluation file), and look-alikes that must stay quiet: a toothache running to the jaw,
the heat, a bill, a pet, a roommate, a denial said after the thanks, a dressing barely marked, the day of discharge.
Every WIDENED line was silent on the rules before this round.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_EMERGENT = [
    # a weight or burning "in the middle", and pain running to the left arm or the jaw, without the word chest
    ("chest_pain", "siento una pesadez en el centro que no se me quita"),
    ("chest_pain", "tengo como un fuego aquí en medio desde hace media hora"),
    ("chest_pain", "me arde en el mero medio y se me baja hasta el brazo izquierdo"),
    # the gasping fish
    ("shortness_of_breath", "estoy respirando como pescado sin agua"),
    # went down like a sack; came round on the floor
    ("fainting", "se fue para abajo como un bulto cuando se levantó del sillón"),
    ("fainting", "me vine abajo como saco en la regadera"),
    # the lips' colour said by likeness
    ("cyanosis", "se le puso la boca como ciruela"),
    # the body moving by itself, not in one's control; shaking and paying no heed, spelt by sound
    ("seizure", "el cuerpo se movía solo y no lo podía controlar"),
    ("seizure", "estaba temblando en la cama y no nos asía caso"),
    # words that will not come or come wrong; speech like a drunk's; the mouth no longer straight
    ("stroke", "las palabras no le salen, se queda trabado"),
    ("stroke", "quiere decir agua y dice otra cosa"),
    ("stroke", "habla como si estuviera tomado y no ha bebido nada"),
    ("stroke", "la boca ya no se le ve pareja"),
    # red coming up with a cough or a retch, without the word blood; "guacarear"
    ("blood_coughed_or_vomited", "cuando tosí me salió algo rojo en la servilleta"),
    ("blood_coughed_or_vomited", "estuvo guacareando y echó puro colorado"),
    # nonsense talk, not recognising her, strange and lost
    ("unresponsive", "está diciendo cosas sin pies ni cabeza desde la siesta"),
    ("unresponsive", "amaneció bien rara, pregunta por gente que ya murió"),
    # no point in anything; pills saved up to take all at once
    ("self_harm", "ya no le encuentro chiste a la vida"),
    ("self_harm", "estoy juntando las pastillas para cuando ya no pueda más"),
    ("self_harm", "un día de estos me las trago todas de una vez"),
]

WIDENED_KEY_AT_ITS_TIER = [
    # the wound opening said with the infinitive
    ("wound_opening", "la incisión abrirse poquito hoy"),
    # another dressing put on top
    ("bleeding_soaked_dressing", "tuve que ponerle otra toalla encima a la venda"),
    # pain not even God takes away; the infinitive of the non-native speaker
    ("uncontrolled_pain", "este dolor no se lo calma ni la morfina"),
    # nothing passing on the toilet; nothing since a time said first
    ("urinary_retention", "se sienta en la taza y no le sale nada"),
    ("urinary_retention", "desde que volvimos del hospital no ha orinado"),
    # welts since a medicine
    ("medication_reaction", "desde la pastilla nueva estoy toda ronchuda"),
    # mix-ups, several "de las del dolor", fewer left, more often than the label
    ("medication_overdose", "me confundí y me tomé las de la tarde también al mediodía"),
    ("medication_overdose", "se tomó cinco de las del dolor al mismo tiempo"),
    ("medication_overdose", "el pastillero tiene menos de las que debería"),
    ("medication_overdose", "me las estoy tomando cada hora y la receta dice cada ocho"),
    # a ring asked of the clinic
    ("nurse_request", "¿me pueden dar una marcadita de la clínica mañana?"),
]

QUIET_BECAUSE = [
    ("a toothache running to the jaw, no middle of the chest", "la muela me duele y se me va pa la quijada"),
    ("tired, not breathless: the fish said of the place", "me siento como pez fuera del agua en este pueblo nuevo"),
    ("the heat", "me ahogo del calor en este cuarto"),
    ("the bill that gave it", "el deducible me dio un infarto"),
    ("denied with thanks", "¿desmayos? no, gracias a Dios"),
    ("a dressing barely marked", "la venda apenas manchada y la herida cerrada"),
    ("in the hospital, gone since", "cuando me dieron de alta tenía la gasa empapada, pero desde entonces seca"),
    ("a limb asleep from sitting", "se me durmió el pie de estar sentada tanto rato"),
    ("a rash counted as none", "ronchas ninguna con la medicina nueva"),
    ("not knowing what to do is not the flag gone: here nothing is said", "ya no sé qué hacer con tanta receta"),
]

SOMEONE_ELSE = [
    "mi roomie tiene calentura desde ayer",
    "al tío le dio un desmayo en la boda",
    "mi besina se desmayó en la tienda",
]
