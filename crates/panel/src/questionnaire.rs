//! The questionnaire of "Ambtelijk vakmanschap onder druk" and the reconstruction's targets.
//!
//! One table per question: the survey's own Dutch wording (question, statements, answers), an
//! English translation, the whole-percentage distribution the reconstruction reproduces, and
//! how the answer leans on the respondent's profile. The percentages are the published figures
//! where the article prints them and chosen values elsewhere; `data/README.md` lists which is
//! which. Invariants: every single-choice and scale distribution sums to 100; multi-select
//! options are listed in chart order with non-increasing percentages, exclusive answers last.

use crate::profile::Profile;

/// A text in Dutch and English.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub nl: &'static str,
    pub en: &'static str,
}

const fn w(nl: &'static str, en: &'static str) -> Words {
    Words { nl, en }
}

/// One answer of a profile question with its share of the base.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub label: Words,
    pub percent: u32,
}

const fn c(nl: &'static str, en: &'static str, percent: u32) -> Choice {
    Choice {
        label: w(nl, en),
        percent,
    }
}

/// A profile question (one column, one answer per respondent).
#[derive(Debug, Clone, Copy)]
pub struct ProfileQuestion {
    pub id: &'static str,
    pub text: Words,
    pub choices: &'static [Choice],
}

/// The survey's own name for the section of profile questions etc., with the codebook id.
#[derive(Debug, Clone, Copy)]
pub struct SectionSpec {
    pub id: &'static str,
    pub title: Words,
}

pub const SECTIONS: [SectionSpec; 6] = [
    SectionSpec {
        id: "respondenten",
        title: w("Respondenten", "Respondents"),
    },
    SectionSpec {
        id: "vakmanschap",
        title: w(
            "Stellingen over ambtelijk vakmanschap",
            "Statements on civil-service craftsmanship",
        ),
    },
    SectionSpec {
        id: "competenties",
        title: w("Vaardigheden en competenties", "Skills and competencies"),
    },
    SectionSpec {
        id: "maatschappij",
        title: w("Maatschappelijke ontwikkelingen", "Developments in society"),
    },
    SectionSpec {
        id: "organisatie",
        title: w("Organisatieontwikkelingen", "Developments in organisations"),
    },
    SectionSpec {
        id: "eigen_organisatie",
        title: w("De eigen organisatie", "One's own organisation"),
    },
];

pub const AGE: ProfileQuestion = ProfileQuestion {
    id: "leeftijd",
    text: w("Leeftijd", "Age"),
    choices: &[
        c("Jonger dan 25", "Younger than 25", 1),
        c("25-34", "25-34", 5),
        c("35-44", "35-44", 20),
        c("45-54", "45-54", 26),
        c("55-59", "55-59", 23),
        c("60-64", "60-64", 21),
        c("65 of ouder", "65 or older", 4),
    ],
};

/// Age bands counted together: the article prints one share for everyone younger than 35.
pub const AGE_GROUPS: [&[usize]; 6] = [&[0, 1], &[2], &[3], &[4], &[5], &[6]];

/// Midpoints of the age bands in years, for effects that grow with age.
pub const AGE_MIDPOINTS: [f64; 7] = [22.0, 30.0, 40.0, 50.0, 57.0, 62.0, 66.0];

/// The generations the report breaks down by, each a set of age bands.
pub const GENERATIONS: [(Words, &[usize]); 3] = [
    (w("Jonger dan 35", "Younger than 35"), &[0, 1]),
    (w("35-54", "35-54"), &[2, 3]),
    (w("55 en ouder", "55 and older"), &[4, 5, 6]),
];

pub const EDUCATION: ProfileQuestion = ProfileQuestion {
    id: "opleiding",
    text: w("Hoogste opleiding", "Highest education"),
    choices: &[
        c(
            "Vmbo, mbo-1, mbo-2 of mbo-3",
            "Pre-vocational or vocational levels 1-3",
            3,
        ),
        c(
            "Havo of vwo",
            "Senior general secondary or pre-university",
            2,
        ),
        c("Mbo-4", "Vocational level 4", 6),
        c(
            "Hbo- of wo-bachelor",
            "Bachelor (applied or university)",
            31,
        ),
        c(
            "Hbo-master, wo-master of doctoraat",
            "Master (applied or university) or doctorate",
            55,
        ),
        c("Anders", "Other", 3),
    ],
};
/// Education's answers on the ordered ladder, lowest first; `Anders` stands apart.
pub const EDUCATION_LADDER: usize = 5;
pub const EDUCATION_OTHER: usize = 5;

pub const EMPLOYER: ProfileQuestion = ProfileQuestion {
    id: "werkgever",
    text: w("Werkgever", "Employer"),
    choices: &[
        c("Gemeente", "Municipality", 40),
        c("Rijksoverheid", "Central government", 36),
        c("Provincie", "Province", 7),
        c("Waterschap", "Water authority", 6),
        c(
            "Zelfstandig bestuursorgaan",
            "Independent administrative body",
            5,
        ),
        c(
            "Andere overheidsorganisatie",
            "Other public organisation",
            6,
        ),
    ],
};
pub const GEMEENTE: usize = 0;
pub const RIJKSOVERHEID: usize = 1;
pub const PROVINCIE: usize = 2;
pub const WATERSCHAP: usize = 3;
pub const ZBO: usize = 4;
pub const OTHER_EMPLOYER: usize = 5;

pub const MUNICIPALITY_SIZE: ProfileQuestion = ProfileQuestion {
    id: "gemeentegrootte",
    text: w("Inwonertal gemeente", "Population of the municipality"),
    choices: &[
        c(
            "Minder dan 20.000 inwoners",
            "Fewer than 20,000 inhabitants",
            2,
        ),
        c(
            "20.000 - 50.000 inwoners",
            "20,000 - 50,000 inhabitants",
            30,
        ),
        c(
            "50.000 - 100.000 inwoners",
            "50,000 - 100,000 inhabitants",
            36,
        ),
        c(
            "Meer dan 100.000 inwoners",
            "More than 100,000 inhabitants",
            32,
        ),
    ],
};
/// Who was asked the municipality's size.
pub const MUNICIPALITY_ASKED_OF: Words =
    w("Werkzaam bij een gemeente", "Employed by a municipality");

pub const FUNCTION: ProfileQuestion = ProfileQuestion {
    id: "functie",
    text: w("Functie", "Position"),
    choices: &[
        c("Uitvoerend", "Operational", 20),
        c("Beleidsadviseur", "Policy adviser", 47),
        c(
            "Gespecialiseerd (bijv. strategisch adviseur, projectmanager)",
            "Specialist (e.g. strategic adviser, project manager)",
            13,
        ),
        c("Leidinggevend", "Manager", 11),
        c("Management en bestuur", "Senior management and board", 7),
        c("Anders", "Other", 2),
    ],
};
pub const UITVOEREND: usize = 0;
pub const BELEIDSADVISEUR: usize = 1;
pub const GESPECIALISEERD: usize = 2;
pub const LEIDINGGEVEND: usize = 3;
pub const MANAGEMENT: usize = 4;
pub const OTHER_FUNCTION: usize = 5;

/// The answer scale of every grid: five points, then "Geen mening" apart.
pub const SCALE: [Words; 6] = [
    w("Zeer mee oneens", "Strongly disagree"),
    w("Mee oneens", "Disagree"),
    w("Neutraal", "Neutral"),
    w("Mee eens", "Agree"),
    w("Zeer mee eens", "Strongly agree"),
    w("Geen mening", "No opinion"),
];
/// The scale's answers counted together (disagree, neutral, agree, no opinion): each group's
/// share rounds to its printed percentage too.
pub const SCALE_GROUPS: [&[usize]; 4] = [&[0, 1], &[2], &[3, 4], &[5]];
pub const NO_OPINION: usize = 5;

/// How a respondent's profile moves an answer: added to the latent score (noise has unit
/// spread, so 1.0 is a strong lean).
pub type Lean = fn(&Profile) -> f64;

/// One statement of a grid.
#[derive(Debug, Clone, Copy)]
pub struct Statement {
    pub column: &'static str,
    pub label: Words,
    /// A competency's explanation, shown under its name.
    pub note: Option<Words>,
    /// Percentages on [`SCALE`].
    pub percents: [u32; 6],
    /// Toward agreement.
    pub lean: Lean,
}

/// Statements answered on one scale.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    pub id: &'static str,
    pub section: &'static str,
    pub text: Words,
    pub statements: &'static [Statement],
    /// Weight of each respondent's own tendency to agree throughout this grid.
    pub common: f64,
}

/// One option of a multi-select question.
#[derive(Debug, Clone, Copy)]
pub struct MultiOption {
    pub column: &'static str,
    pub label: Words,
    /// Share of all respondents who tick it.
    pub percent: u32,
    /// Ticked alone or not at all.
    pub exclusive: bool,
    /// Toward ticking it.
    pub lean: Lean,
}

/// A "tick all that apply" question.
#[derive(Debug, Clone, Copy)]
pub struct MultiSelect {
    pub id: &'static str,
    pub section: &'static str,
    pub text: Words,
    pub options: &'static [MultiOption],
}

const fn st(column: &'static str, label: Words, percents: [u32; 6], lean: Lean) -> Statement {
    Statement {
        column,
        label,
        note: None,
        percents,
        lean,
    }
}

const fn competency(
    column: &'static str,
    label: Words,
    note: Words,
    percents: [u32; 6],
    lean: Lean,
) -> Statement {
    Statement {
        column,
        label,
        note: Some(note),
        percents,
        lean,
    }
}

const fn opt(column: &'static str, label: Words, percent: u32, lean: Lean) -> MultiOption {
    MultiOption {
        column,
        label,
        percent,
        exclusive: false,
        lean,
    }
}

const fn only(column: &'static str, label: Words, percent: u32, lean: Lean) -> MultiOption {
    MultiOption {
        column,
        label,
        percent,
        exclusive: true,
        lean,
    }
}

/// Leaning toward "Geen mening" on any grid statement.
pub fn no_opinion_lean(p: &Profile) -> f64 {
    0.6 * p.function_is(UITVOEREND) + 0.4 * p.function_is(OTHER_FUNCTION) + 0.5 * p.young()
}

pub const STATEMENTS: Grid = Grid {
    id: "stellingen",
    section: "vakmanschap",
    text: w(
        "In hoeverre bent u het eens of oneens met de volgende stellingen met betrekking tot ambtelijk vakmanschap?",
        "To what extent do you agree or disagree with the following statements about civil-service craftsmanship?",
    ),
    common: 0.0,
    statements: &[
        st(
            "stelling_1",
            w(
                "Discussies over ambtelijk vakmanschap gaan ook over mijn werk",
                "Discussions about civil-service craftsmanship are also about my work",
            ),
            [1, 2, 5, 47, 44, 1],
            |p| {
                0.5 * p.advises() + 0.6 * p.manager() - 0.7 * p.function_is(UITVOEREND)
            },
        ),
        st(
            "stelling_2",
            w(
                "Ambtelijk vakmanschap is alleen iets voor leidinggevenden",
                "Civil-service craftsmanship is only something for managers",
            ),
            [71, 26, 2, 1, 0, 0],
            |p| 0.4 * p.manager() + 0.4 * p.function_is(UITVOEREND),
        ),
        st(
            "stelling_3",
            w(
                "Ambtelijk vakmanschap is in de afgelopen 20 jaar nauwelijks veranderd",
                "Civil-service craftsmanship has hardly changed in the past 20 years",
            ),
            [24, 45, 16, 10, 2, 3],
            // Who has worked fewer than 20 years has not seen the change.
            |p| -0.4 * p.age_z() + 0.3 * p.young(),
        ),
        st(
            "stelling_4",
            w(
                "Ambtelijk vakmanschap zou voor iedereen hetzelfde moeten zijn",
                "Civil-service craftsmanship should be the same for everyone",
            ),
            [4, 16, 17, 42, 18, 3],
            |p| {
                0.5 * p.function_is(UITVOEREND) - 0.4 * p.function_is(GESPECIALISEERD)
                    - 0.3 * p.manager()
            },
        ),
    ],
};

pub const COMPETENCIES: Grid = Grid {
    id: "competenties",
    section: "competenties",
    text: w(
        "In hoeverre bent u het ermee eens of oneens dat de volgende vaardigheden/competenties een belangrijk onderdeel zijn van uw ambtelijk vakmanschap?",
        "To what extent do you agree or disagree that the following skills/competencies are an important part of your civil-service craftsmanship?",
    ),
    common: 0.7,
    statements: &[
        competency(
            "competentie_1",
            w("Politiek-bestuurlijke sensitiviteit", "Political-administrative sensitivity"),
            w(
                "Rekening houden met politieke en ambtelijke belangen",
                "Taking political and administrative interests into account",
            ),
            [1, 3, 10, 46, 39, 1],
            |p| {
                0.9 * p.manager() + 0.5 * p.advises() - 0.9 * p.function_is(UITVOEREND)
                    + 0.5 * p.works_for(RIJKSOVERHEID)
                    + 0.4 * p.works_for(PROVINCIE)
            },
        ),
        competency(
            "competentie_2",
            w("Maatschappelijke gevoeligheid", "Social awareness"),
            w(
                "Inzicht in wat er speelt in de samenleving en dit meenemen in uw werk",
                "Understanding what is going on in society and taking it into account in your work",
            ),
            [0, 1, 4, 43, 51, 1],
            |p| 0.4 * p.works_for(GEMEENTE) + 0.2 * p.advises(),
        ),
        competency(
            "competentie_3",
            w("Organisatiegevoeligheid", "Organisational awareness"),
            w(
                "Inzicht in interne verhoudingen en structuren binnen de organisatie",
                "Insight into internal relationships and structures within the organisation",
            ),
            [1, 2, 8, 51, 37, 1],
            |p| 0.8 * p.manager() + 0.2 * p.age_z(),
        ),
        competency(
            "competentie_4",
            w("Samenwerken in netwerken", "Working in networks"),
            w(
                "Effectief samenwerken met overheids- en externe partijen",
                "Working effectively with government and external parties",
            ),
            [0, 1, 6, 45, 47, 1],
            |p| {
                0.6 * p.function_is(GESPECIALISEERD) + 0.5 * p.manager()
                    - 0.5 * p.function_is(UITVOEREND)
            },
        ),
        competency(
            "competentie_5",
            w("Verbinding met burgers", "Connection with citizens"),
            w(
                "Begrijpen wat burgers bezighoudt en duidelijk overheidsbeleid",
                "Understanding what concerns citizens, and clear government policy",
            ),
            [0, 2, 7, 44, 46, 1],
            |p| {
                0.7 * p.works_for(GEMEENTE) - 0.4 * p.works_for(RIJKSOVERHEID)
                    + 0.3 * p.function_is(UITVOEREND)
            },
        ),
        competency(
            "competentie_6",
            w("Verbinding met collega's", "Connection with colleagues"),
            w(
                "Actief contact onderhouden en kennis delen binnen de organisatie",
                "Keeping in active contact and sharing knowledge within the organisation",
            ),
            [0, 1, 4, 50, 45, 0],
            |p| 0.4 * p.young() + 0.3 * p.manager(),
        ),
        competency(
            "competentie_7",
            w("Onderhandelen", "Negotiating"),
            w(
                "Belangen afwegen en tot gezamenlijke oplossingen komen",
                "Weighing interests and reaching joint solutions",
            ),
            [1, 3, 13, 52, 31, 0],
            |p| {
                0.7 * p.manager() + 0.4 * p.function_is(GESPECIALISEERD)
                    - 0.4 * p.function_is(UITVOEREND)
            },
        ),
        competency(
            "competentie_8",
            w("Diplomatie", "Diplomacy"),
            w(
                "Communiceren op een tactvolle en doeltreffende manier",
                "Communicating tactfully and effectively",
            ),
            [1, 2, 10, 50, 36, 1],
            |p| 0.5 * p.manager() + 0.3 * p.works_for(RIJKSOVERHEID),
        ),
        competency(
            "competentie_9",
            w("Analytisch en kritisch denken", "Analytical and critical thinking"),
            w(
                "Problemen vanuit meerdere perspectieven benaderen en hoofd- en bijzaken scheiden",
                "Approaching problems from several perspectives and separating main issues from side issues",
            ),
            [0, 1, 3, 34, 61, 1],
            |p| 0.4 * p.education_step() + 0.4 * p.advises(),
        ),
        competency(
            "competentie_10",
            w("Uitvoerbaarheid", "Feasibility"),
            w(
                "Beleid vertalen naar realistische en haalbare oplossingen",
                "Translating policy into realistic and achievable solutions",
            ),
            [0, 1, 4, 31, 63, 1],
            |p| 0.6 * p.function_is(UITVOEREND) + 0.3 * p.works_for(GEMEENTE),
        ),
        competency(
            "competentie_11",
            w("Tegenspraak geven", "Speaking up"),
            w(
                "Problemen signaleren en bespreekbaar maken om negatieve gevolgen te voorkomen",
                "Flagging problems and raising them to prevent negative consequences",
            ),
            [0, 1, 2, 34, 62, 1],
            |p| 0.3 * p.advises() + 0.3 * p.age_z(),
        ),
    ],
};

pub const SOCIETAL: MultiSelect = MultiSelect {
    id: "maatschappij",
    section: "maatschappij",
    text: w(
        "Welke van de volgende maatschappelijke ontwikkelingen stellen uw ambtelijk vakmanschap op de proef?",
        "Which of the following developments in society put your civil-service craftsmanship to the test?",
    ),
    options: &[
        opt(
            "maatschappij_1",
            w(
                "Afnemend vertrouwen van burgers in de overheid",
                "Declining trust of citizens in government",
            ),
            63,
            |p| 0.5 * p.works_for(GEMEENTE) + 0.3 * p.function_is(UITVOEREND),
        ),
        opt(
            "maatschappij_2",
            w("Politieke verdeeldheid", "Political division"),
            60,
            |p| {
                0.6 * p.works_for(RIJKSOVERHEID) + 0.4 * p.works_for(PROVINCIE)
                    + 0.4 * p.manager()
                    - 0.4 * p.function_is(UITVOEREND)
            },
        ),
        opt(
            "maatschappij_3",
            w("Bezuinigingen op overheidsuitgaven", "Cuts in public spending"),
            55,
            |p| 0.4 * p.works_for(GEMEENTE) + 0.3 * p.manager() + 0.2 * p.age_z(),
        ),
        opt(
            "maatschappij_4",
            w(
                "Maatschappelijke tegenstellingen en spanningen",
                "Social divisions and tensions",
            ),
            49,
            |p| 0.3 * p.works_for(GEMEENTE) + 0.2 * p.advises(),
        ),
        opt(
            "maatschappij_5",
            w("Technologische vernieuwing", "Technological innovation"),
            38,
            |p| -0.45 * p.age_z() + 0.3 * p.young() + 0.4 * p.function_is(GESPECIALISEERD),
        ),
        opt(
            "maatschappij_6",
            w(
                "De wens van georganiseerde belangengroepen om deel te nemen aan beleid en uitvoering",
                "The wish of organised interest groups to take part in policy and implementation",
            ),
            24,
            |p| 0.5 * p.works_for(RIJKSOVERHEID) + 0.6 * p.works_for(PROVINCIE) + 0.3 * p.advises(),
        ),
        opt(
            "maatschappij_7",
            w(
                "Maatschappelijke discussie over diversiteit en inclusie",
                "Public debate about diversity and inclusion",
            ),
            19,
            |p| 0.5 * p.young() - 0.2 * p.age_z(),
        ),
        opt(
            "maatschappij_8",
            w(
                "De wens van burgers om deel te nemen aan beleid en uitvoering",
                "The wish of citizens to take part in policy and implementation",
            ),
            17,
            |p| 0.8 * p.works_for(GEMEENTE) + 0.3 * p.works_for(WATERSCHAP),
        ),
        opt(
            "maatschappij_9",
            w(
                "De wens van het bedrijfsleven om deel te nemen aan beleid en uitvoering",
                "The wish of business to take part in policy and implementation",
            ),
            12,
            |p| 0.6 * p.works_for(PROVINCIE) + 0.3 * p.works_for(RIJKSOVERHEID),
        ),
        only(
            "maatschappij_10",
            w("Geen van deze", "None of these"),
            2,
            |p| 0.5 * p.function_is(UITVOEREND) + 0.3 * p.age_z(),
        ),
        only(
            "maatschappij_11",
            w("Geen mening", "No opinion"),
            1,
            no_opinion_lean,
        ),
    ],
};

pub const ORGANISATIONAL: MultiSelect = MultiSelect {
    id: "organisatie",
    section: "organisatie",
    text: w(
        "Welke van de volgende organisatieontwikkelingen stellen uw ambtelijk vakmanschap op de proef?",
        "Which of the following developments in organisations put your civil-service craftsmanship to the test?",
    ),
    options: &[
        opt(
            "organisatie_1",
            w("Toenemende werkdruk", "Increasing workload"),
            54,
            |p| 0.5 * p.function_is(LEIDINGGEVEND) + 0.3 * p.works_for(GEMEENTE),
        ),
        opt(
            "organisatie_2",
            w(
                "Tegemoetkomen aan politieke wensen en vragen",
                "Meeting political wishes and requests",
            ),
            54,
            |p| {
                1.0 * p.works_for(RIJKSOVERHEID) + 0.5 * p.works_for(PROVINCIE)
                    + 0.4 * p.advises()
                    + 0.4 * p.manager()
                    - 0.9 * p.function_is(UITVOEREND)
            },
        ),
        opt(
            "organisatie_3",
            w("Meer doen met minder middelen", "Doing more with fewer resources"),
            52,
            |p| 0.4 * p.works_for(GEMEENTE) + 0.3 * p.function_is(UITVOEREND) + 0.3 * p.manager(),
        ),
        opt(
            "organisatie_4",
            w(
                "Automatisering van processen en dienstverlening",
                "Automation of processes and services",
            ),
            29,
            |p| -0.4 * p.age_z() + 0.3 * p.young() + 0.6 * p.function_is(UITVOEREND),
        ),
        opt(
            "organisatie_5",
            w("Gebruik van algoritmen en big data", "Use of algorithms and big data"),
            26,
            |p| {
                -0.4 * p.age_z() + 0.3 * p.young() + 0.5 * p.works_for(RIJKSOVERHEID)
                    + 0.3 * p.function_is(GESPECIALISEERD)
            },
        ),
        opt(
            "organisatie_6",
            w(
                "Samenwerken met collega's van verschillende leeftijden",
                "Working with colleagues of different ages",
            ),
            14,
            |p| 1.0 * p.young() + 0.4 * p.manager(),
        ),
        only(
            "organisatie_7",
            w("Geen van deze", "None of these"),
            4,
            |p| 0.5 * p.function_is(UITVOEREND) + 0.3 * p.age_z(),
        ),
        only(
            "organisatie_8",
            w("Geen mening", "No opinion"),
            2,
            no_opinion_lean,
        ),
    ],
};

pub const OWN_ORGANISATION: Grid = Grid {
    id: "eigen_organisatie",
    section: "eigen_organisatie",
    text: w(
        "In hoeverre bent u het eens of oneens met de volgende stellingen met betrekking tot de eigen organisatie? In mijn organisatie(onderdeel) ...",
        "To what extent do you agree or disagree with the following statements about your own organisation? In my organisation (unit) ...",
    ),
    // How one's own organisation treats people colours all four answers.
    common: 1.6,
    statements: &[
        st(
            "eigen_org_1",
            w(
                "... word ik gestimuleerd (door middel van voldoende tijd en middelen) om mijn ambtelijk vakmanschap te ontwikkelen en te verbeteren",
                "... I am encouraged (with sufficient time and resources) to develop and improve my civil-service craftsmanship",
            ),
            [9, 24, 26, 31, 8, 2],
            |p| 1.3 * p.manager() + 0.5 * p.young() - 0.4 * p.function_is(UITVOEREND),
        ),
        st(
            "eigen_org_2",
            w(
                "... wordt het laten zien van mijn ambtelijk vakmanschap gewaardeerd",
                "... showing my civil-service craftsmanship is appreciated",
            ),
            [4, 11, 21, 47, 15, 2],
            |p| 0.7 * p.manager() + 0.3 * p.function_is(GESPECIALISEERD),
        ),
        st(
            "eigen_org_3",
            w(
                "... stelt mijn directe leidinggevende mij in staat om mijn ambtelijk vakmanschap te ontwikkelen en te verbeteren",
                "... my direct manager enables me to develop and improve my civil-service craftsmanship",
            ),
            [7, 17, 27, 36, 10, 3],
            |p| 1.3 * p.manager() + 0.4 * p.young(),
        ),
        st(
            "eigen_org_4",
            w(
                "... spreek ik regelmatig met mijn leidinggevende over de inhoud en ontwikkeling van mijn ambtelijk vakmanschap",
                "... I regularly talk with my manager about the content and development of my civil-service craftsmanship",
            ),
            [11, 29, 24, 26, 7, 3],
            |p| 1.0 * p.manager() + 0.6 * p.young() - 0.4 * p.age_z().max(0.0),
        ),
    ],
};

/// The grids and multi-selects in report order, after the profile.
pub enum Block {
    Grid(Grid),
    MultiSelect(MultiSelect),
}

pub const BLOCKS: [Block; 5] = [
    Block::Grid(STATEMENTS),
    Block::Grid(COMPETENCIES),
    Block::MultiSelect(SOCIETAL),
    Block::MultiSelect(ORGANISATIONAL),
    Block::Grid(OWN_ORGANISATION),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_choice_and_scale_distributions_sum_to_100() {
        for q in [AGE, EDUCATION, EMPLOYER, MUNICIPALITY_SIZE, FUNCTION] {
            assert_eq!(
                q.choices.iter().map(|c| c.percent).sum::<u32>(),
                100,
                "{}",
                q.id
            );
        }
        for block in &BLOCKS {
            if let Block::Grid(grid) = block {
                for s in grid.statements {
                    assert_eq!(s.percents.iter().sum::<u32>(), 100, "{}", s.column);
                }
            }
        }
    }

    #[test]
    fn multi_select_options_never_rise_down_the_chart_and_exclusive_ones_come_last() {
        for block in &BLOCKS {
            if let Block::MultiSelect(q) = block {
                let substantive: Vec<u32> = q
                    .options
                    .iter()
                    .filter(|o| !o.exclusive)
                    .map(|o| o.percent)
                    .collect();
                assert!(substantive.windows(2).all(|w| w[0] >= w[1]), "{}", q.id);
                let first_exclusive = q.options.iter().position(|o| o.exclusive).unwrap();
                assert!(q.options[first_exclusive..].iter().all(|o| o.exclusive));
            }
        }
    }
}
