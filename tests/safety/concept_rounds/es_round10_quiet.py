"""Spanish false alarms quieted in the tenth tuning round (fresh17, everyday answers to the call's questions, and
fresh16's one false alarm, both written by engineers who never saw the rules): a complaint named and then denied
("calentura no", "... tampoco", "... no tengo"), "nada de vómitos", confusion on coming out of the anaesthesia, someone
on television, a pet or a neighbour (past the "también" or "porque" that ended the cue's reach), the caller's own
operation said to be fine beside a relative's trouble, the carer's own complaint beside a patient who is fine, bad
breath ("aliento feo") after the tonsils, the ache where the breast was operated on, and asking for the signs ("¿qué
señas da...?"). Each line is written afresh for this file (in no evaluation file); TIERS holds the same words with the
red flag really there, which must still fire.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

QUIET_BECAUSE = [
    # the agent's question answered with the complaint first and the denial after it
    ("named, then denied", "Calentura no, escalofríos tampoco, todo tranquilo."),
    ("named, then denied with ni", "Dolor en el pecho no, ni me falta el aire."),
    ("named, then 'no tengo'", "Hinchazón en la pantorrilla no tengo, la pierna se ve normal."),
    # "nada de vómitos" denies the vomiting ("nada se me queda, todo lo vomito" is the red flag)
    ("nada de vómitos", "Nada de vómitos, ya comí caldito y me cayó bien."),
    # confusion while the anaesthesia wore off, in recovery: the past, fine since
    ("as the anaesthesia wore off", "Cuando se me pasó la anestesia estaba confundido, pero de ahí en adelante bien."),
    # someone on television, a pet, a neighbour taken away
    ("a character in the soap opera", "Vi en la telenovela que al papá le dio un infarto, pero yo ando tranquila."),
    ("the cat operated on too", "A la gata la operaron también y se le abrieron los puntos, pero los míos están bien."),
    ("the neighbour taken away", "Al vecino de enfrente se lo llevaron porque se desmayó, yo estoy bien."),
    # the caller's own operation named and fine: the husband's trouble is his
    (
        "the caller's own operation is fine",
        "Mi marido trae un dolor de pecho, ya lo revisan mañana; yo de la vesícula ando bien.",
    ),
    # the carer's own complaint, the patient fine
    ("the carer's own fever", "Yo soy la que cuida a mi abuelita y a mí me dio calentura, pero ella sigue bien."),
    # bad breath is a smell, not the breathing
    (
        "bad breath after the tonsils",
        "El niño trae el aliento bien feo desde la operación de las anginas, pero come y juega.",
    ),
    # the ache at the breast operation's site, mild and eased
    (
        "where the breast lump was taken out",
        "Me arde un poco el pecho donde me quitaron la bolita del seno, con la pastilla se me calma.",
    ),
    # asking for the signs to watch for
    ("asking what signs to watch for", "¿Qué señas da una infección en la herida, para estar al tanto?"),
]

TIERS = [
    # the same words with the red flag really there still fire
    ("Calentura no, pero me falta el aire y tengo los labios morados.", "emergent"),
    ("Me aprieta el pecho desde la mañana, calentura no.", "emergent"),
    ("Tengo la pantorrilla hinchada y dura, fiebre no tengo.", "urgent"),
    ("Me duele mucho el pecho y tampoco puedo respirar bien.", "emergent"),
    ("Nada de lo que tomo se me queda, todo lo vomito, hasta el agua.", "urgent"),
    ("Desde que salí de la anestesia ando confundido y no reconozco mi casa.", "emergent"),
    ("Viendo la telenovela me empezó un dolor de pecho que se me corre al brazo izquierdo.", "emergent"),
    ("A la gata la operaron también, y a mí se me abrió la herida de la panza.", "urgent"),
    ("Al vecino se lo llevaron, y ahora yo siento que no puedo respirar.", "emergent"),
    # a close relative taken away is not a neighbour
    ("A mi papá se lo llevó la ambulancia porque no podía respirar.", "emergent"),
    ("Tiene el aliento feo y respira con mucho trabajo, se le hunden las costillas.", "emergent"),
    # the operated site after heart surgery, the site denied, or breathlessness beside it
    ("Me duele el pecho donde me operaron del corazón y me aprieta muy fuerte.", "emergent"),
    ("Me aprieta el pecho en el centro, no es donde me operaron.", "emergent"),
    ("Me duele el pecho donde me operaron y me falta el aire.", "emergent"),
    ("¿Qué señas da una infección? Porque la herida me está sacando pus verde.", "urgent"),
    # the carer who is the one operated on after all, or a patient who was fine and now is not
    (
        "Yo soy la que cuida a mi abuelita; ella está bien, pero a mí se me abrió la herida y yo soy la operada.",
        "urgent",
    ),
    ("Yo soy la que la cuida; ella estaba bien, pero hoy amaneció con calentura de 39.", "urgent"),
    # pain "going down" (uncontrolled_pain's new `unless`) said by someone else, the patient's own a nine
    ("El doctor dice que el dolor va bajando, pero yo lo tengo en un nueve y la pastilla no me hace nada.", "urgent"),
]
