//! What cell values look like: numbers, codes, age bands, timestamps, e-mail and IP
//! addresses, identifiers.
//!
//! Nothing here turns a value into a date or a number for analysis: `25-34` stays a band and
//! `9.10` stays a code; these functions only say what a value looks like and how values of
//! that kind are ordered.

use std::cmp::Ordering;

use crate::survey::parse_number;

/// A code that looks like a number but is not one: a leading zero (`01`) or a trailing zero
/// after a point (`9.10`, a chapter or version number) — unless only zeros follow the point.
pub(crate) fn is_code_like(value: &str) -> bool {
    let v = value.trim();
    let all_digits_and_points = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !all_digits_and_points {
        return false;
    }
    // Only zeros after the point ("29.0000000000", "4.0") is a whole number written with
    // decimals, as LimeSurvey's numerical input and a spreadsheet's numbers are, not a code.
    let whole_with_decimals = v
        .split_once('.')
        .is_some_and(|(whole, decimals)| !whole.is_empty() && decimals.bytes().all(|b| b == b'0'));
    (v.len() > 1 && v.starts_with('0') && !v.starts_with("0."))
        || (v.contains('.') && v.ends_with('0') && !whole_with_decimals)
        || v.matches('.').count() > 1
}

/// An answer code as LimeSurvey writes them when exported without answer texts (`A1`, `A12`,
/// `AO01`): its letters and its number.
pub(crate) fn answer_code(value: &str) -> Option<(&str, u32)> {
    let v = value.trim();
    let letters = v.len()
        - v.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let (letters, number) = v.split_at(letters);
    let ok = (1..=3).contains(&letters.len())
        && (1..=4).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    Some((letters, number.parse().ok()?))
}

/// Orders codes like `9.2` < `9.10` < `10`, by their dot-separated whole numbers; a negative
/// code (Qualtrics' recode values `-3` … `3`) below zero.
pub(crate) fn compare_codes(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<i64> {
        s.split('.')
            .map(|p| p.parse().unwrap_or(i64::MAX))
            .collect()
    };
    parts(a.trim()).cmp(&parts(b.trim())).then_with(|| a.cmp(b))
}

/// The number a value stands for, if it is a plain number (not a code such as `9.10`).
pub(crate) fn number(value: &str) -> Option<f64> {
    if let Some(x) = plain_whole_number(value) {
        return Some(x);
    }
    if is_code_like(value) {
        return None;
    }
    parse_number(value)
}

/// A whole number written as digits alone, without a leading zero, of at most 15 digits (so
/// exactly an `f64`): what [`number`] gives, without its trimming, code check and float
/// parse. Asked of every value of a text column, a million for a respondent number.
fn plain_whole_number(value: &str) -> Option<f64> {
    let bytes = value.as_bytes();
    if bytes.is_empty() || bytes.len() > 15 || (bytes[0] == b'0' && bytes.len() > 1) {
        return None;
    }
    let mut n = 0u64;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    Some(n as f64)
}

/// The lower bound of an age band or range (`25-34` → 25, `65+` → 65, `$25,000 to $49,999`
/// → 25000), as a key that puts bands in order: "jonger dan 25", `< 25` and "10 or younger"
/// below everything, "more than 10" just above 10. `None` if the value is no band.
pub(crate) fn band_lower_bound(value: &str) -> Option<f64> {
    band_bound(value, false)
}

/// [`band_lower_bound`] of a band of time, in years, for a list whose bands count in
/// different units ("Less than 30 minutes", "30 minutes to 1 hour", "1 - 2 hours"): its
/// number times the years of its unit ([`duration_in_years`]).
pub(crate) fn band_lower_bound_in_time(value: &str) -> Option<f64> {
    band_bound(value, true)
}

/// Units of time as the bands of a form write them, with their length in years.
const DURATIONS: &[(&[&str], f64)] = &[
    (
        &[
            "second", "seconds", "sec", "secs", "seconde", "seconden", "sekunde", "sekunden",
            "segundos",
        ],
        1.0 / 31_536_000.0,
    ),
    (
        &[
            "minute", "minutes", "min", "mins", "minuut", "minuten", "minuto", "minutos", "minuti",
        ],
        1.0 / 525_600.0,
    ),
    (
        &[
            "hour", "hours", "hr", "hrs", "h", "uur", "uren", "stunde", "stunden", "heure",
            "heures", "hora", "horas", "ore",
        ],
        1.0 / 8_760.0,
    ),
    (
        &[
            "day", "days", "dag", "dagen", "tag", "tage", "tagen", "jour", "jours", "día", "días",
            "dia", "dias",
        ],
        1.0 / 365.0,
    ),
    (
        &[
            "week", "weeks", "weken", "woche", "wochen", "semaine", "semaines", "semana", "semanas",
        ],
        1.0 / 52.0,
    ),
    (
        &[
            "month", "months", "maand", "maanden", "monat", "monate", "monaten", "mois", "mes",
            "meses",
        ],
        1.0 / 12.0,
    ),
    (
        &[
            "year", "years", "jaar", "jaren", "jahr", "jahre", "jahren", "an", "ans", "année",
            "années", "año", "años",
        ],
        1.0,
    ),
];

/// The length in years of the first unit of time a band names after its first number
/// ("30 minutes to 1 hour": a minute), if it names one.
pub(crate) fn duration_in_years(value: &str) -> Option<f64> {
    let v = value.trim().to_lowercase();
    let start = v.find(|c: char| c.is_ascii_digit())?;
    v[start..]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .find_map(|w| DURATIONS.iter().find(|(words, _)| words.contains(&w)))
        .map(|&(_, years)| years)
}

fn band_bound(value: &str, in_time: bool) -> Option<f64> {
    let v = value.trim().to_lowercase();
    let start = v.find(|c: char| c.is_ascii_digit())?;
    let (mut n, len) = grouped_number(&v[start..]);
    let before = v[..start].trim_end_matches(['$', '€', '£', ' ']);
    let mut rest = v[start + len..].trim();
    if in_time {
        n *= duration_in_years(&v).unwrap_or(1.0);
        // The unit right after the first number: "30 minutes to 1 hour".
        if let Some(word) = rest.split(|c: char| !c.is_alphabetic()).next() {
            if DURATIONS.iter().any(|(words, _)| words.contains(&word)) {
                rest = rest[word.len()..].trim();
            }
        }
    }
    // A percentage: "0%" is a point, "1%-24%" a band from 1.
    if let Some(after) = rest.strip_prefix('%') {
        rest = after.trim();
        if rest.is_empty() && before.is_empty() {
            return Some(n);
        }
    }
    // A height in feet and inches (`5'4"`, `6'6" and above`): in inches, a point of its own.
    if let Some(inches) = rest.strip_prefix('\'') {
        let digits = inches.len()
            - inches
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let (number, after) = inches.split_at(digits);
        n = n * 12.0 + number.parse::<f64>().unwrap_or(0.0);
        rest = after.trim_start_matches('"').trim();
        if rest.is_empty() && before.is_empty() {
            return Some(n);
        }
    }
    let below = [
        "<",
        "jonger dan",
        "younger than",
        "under",
        "tot",
        "minder dan",
        "less than",
        "below",
        "up to",
        "t/m",
        "korter dan",
        "shorter than",
        "weniger als",
        "moins de",
        "menos de",
    ];
    if below.contains(&before) {
        return Some(n - 1e6);
    }
    let above = [
        ">",
        "more than",
        "meer dan",
        "over",
        "ouder dan",
        "older than",
        "above",
        "langer dan",
        "longer than",
        "mehr als",
        "plus de",
        "más de",
    ];
    if above.contains(&before) {
        return Some(n + 0.5);
    }
    // "10 or younger", "10 jaar of jonger", "5 or less": the band below everything.
    let or_below = [
        "or younger",
        "and younger",
        "of jonger",
        "en jonger",
        "jaar of jonger",
        "jaar en jonger",
        "or less",
        "or fewer",
        "and under",
        "and below",
        "of minder",
        "en minder",
    ];
    if or_below.iter().any(|p| rest.starts_with(p)) {
        return Some(n - 1e6);
    }
    let is_range = [
        "-",
        "–",
        "—",
        "t/m",
        "tot",
        "to",
        "+",
        "jaar en ouder",
        "en ouder",
        "or older",
        "and older",
        "and over",
        "and up",
        "and above",
        "or more",
        "en meer",
        "of meer",
        "oder mehr",
        "und mehr",
        "o más",
        "o mas",
        "y más",
        "y mas",
        "of ouder",
        "jaar of ouder",
        "jaar",
        "years",
        "year",
        "jahre",
        "ans",
        "bis",
        "et",
        "à",
    ]
    .iter()
    // A word is followed by no letter: "years" and "year" are a unit, "yearly" is not.
    .any(|p| {
        rest.strip_prefix(p).is_some_and(|after| {
            !p.ends_with(char::is_alphabetic) || !after.starts_with(char::is_alphabetic)
        })
    });
    is_range.then_some(n)
}

/// A count with its unit ("1 especie", "3 kinderen"), when the unit is the one some band
/// in `bands` counts in ("2-3 especies", "4 o más especies"): the count. A number before a
/// word alone says no band ("3 etages"); beside bands of that word it is one of them.
pub(crate) fn count_in_unit_of(value: &str, bands: &[&str]) -> Option<f64> {
    let v = value.trim().to_lowercase();
    let (n, len) = grouped_number(&v);
    let unit = v[len..].trim();
    if len == 0 || unit.chars().count() < 3 || !unit.chars().all(char::is_alphabetic) {
        return None;
    }
    let same_stem = |w: &str| {
        let shorter = w.chars().count().min(unit.chars().count());
        shorter >= 3 && (w.starts_with(unit) || unit.starts_with(w))
    };
    bands
        .iter()
        .filter(|b| is_band(b))
        .any(|b| b.to_lowercase().split_whitespace().any(same_stem))
        .then_some(n)
}

/// The whole number at the start of `s` with its thousands separators (`25,000`, `1.000`),
/// and how many bytes it takes. A separator counts as one only before exactly three digits.
fn grouped_number(s: &str) -> (f64, usize) {
    let b = s.as_bytes();
    let mut n = 0f64;
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            n = n * 10.0 + f64::from(b[i] - b'0');
            i += 1;
        } else if matches!(b[i], b',' | b'.')
            && i > 0
            && b.len() >= i + 4
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            i += 1;
        } else {
            break;
        }
    }
    (n, i)
}

/// "None", "Geen", "Geen studieschuld", "Keine", "Aucun": an answer saying there is none of
/// what the question counts.
pub(crate) fn is_none_answer(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    let first = v.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "none" | "geen" | "keine" | "kein" | "aucun" | "aucune" | "ninguno" | "ninguna"
    )
}

/// Whether a value is a band or range rather than a single number.
pub(crate) fn is_band(value: &str) -> bool {
    parse_number(value).is_none() && band_lower_bound(value).is_some()
}

/// A time of day as forms write a time question's answers (`9:59:59 PM`, `6:00 AM`, `21:30`,
/// `07:15:00`): seconds after midnight.
pub(crate) fn time_of_day(value: &str) -> Option<u32> {
    let v = value.trim().to_ascii_lowercase();
    let (clock, half) = match v.strip_suffix("am").or_else(|| v.strip_suffix("a.m.")) {
        Some(c) => (c.trim_end(), Some(0)),
        None => match v.strip_suffix("pm").or_else(|| v.strip_suffix("p.m.")) {
            Some(c) => (c.trim_end(), Some(12)),
            None => (v.as_str(), None),
        },
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts[0].is_empty()
        || parts[0].len() > 2
        || parts[1..].iter().any(|p| p.len() != 2)
        || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(99)).collect();
    let (hour, minute, second) = (n[0], n[1], n.get(2).copied().unwrap_or(0));
    if minute > 59 || second > 59 {
        return None;
    }
    let hour = match half {
        // 12 AM is midnight, 12 PM noon.
        Some(offset) if (1..=12).contains(&hour) => hour % 12 + offset,
        Some(_) => return None,
        None if hour <= 23 => hour,
        None => return None,
    };
    Some(hour * 3600 + minute * 60 + second)
}

/// A date or a timestamp (`2024-03-01 09:30`, `1-3-2024 9:30:00`, `03/01/2024`).
pub(crate) fn is_timestamp(value: &str) -> bool {
    let v = value.trim();
    let date = v.split([' ', 'T']).next().unwrap_or("");
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let year_first = parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2;
    let year_last = parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2;
    year_first || year_last
}

pub(crate) fn is_email(value: &str) -> bool {
    let v = value.trim();
    match v.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty() && domain.contains('.') && !v.contains(char::is_whitespace)
        }
        None => false,
    }
}

pub(crate) fn is_ip_address(value: &str) -> bool {
    let v = value.trim();
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() == 4 {
        return parts.iter().all(|p| p.parse::<u8>().is_ok());
    }
    v.contains(':')
        && v.split(':').count() >= 3
        && v.split(':')
            .all(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Header names of identifiers and metadata that survey tools add (compared in lower case).
const METADATA_NAMES: &[&str] = &[
    "id",
    "respondent id",
    "respondentid",
    "respondent_id",
    "responseid",
    "response id",
    "response_id",
    "collector id",
    "start date",
    "end date",
    "startdate",
    "enddate",
    "recordeddate",
    "recorded date",
    "submitdate",
    "date submitted",
    "datestamp",
    "date last action",
    "timestamp",
    "tijdstempel",
    "start time",
    "completion time",
    "begintijd",
    "tijd van voltooien",
    "last modified time",
    "ipaddress",
    "ip address",
    "ipaddr",
    "ip",
    "email",
    "e-mail",
    "email address",
    "e-mailadres",
    "name",
    "naam",
    "first name",
    "last name",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "externaldatareference",
    "locationlatitude",
    "locationlongitude",
    "distributionchannel",
    "userlanguage",
    "status",
    "progress",
    "duration (in seconds)",
    "finished",
    "seed",
    "lastpage",
    "last page",
    "startlanguage",
    "start language",
    "refurl",
    "referrer url",
    "token",
    "custom data 1",
    // SurveyMonkey's legacy exports.
    "custom data",
    "lastname",
    "firstname",
    "respondentnummer",
    "respondent number",
    "respondent",
    // Qualtrics (legacy and current, and the German interface's second row).
    "responseset",
    "emailaddress",
    "response type",
    "recipient email",
    "recipient first name",
    "recipient last name",
    "external data reference",
    "location latitude",
    "location longitude",
    "locationaccuracy",
    "distribution channel",
    "user language",
    "antwort-id",
    "anfangsdatum",
    "enddatum",
    "ip-adresse",
    "beendet",
    "erfassungsdatum",
    // SurveyMonkey.
    "collectorid",
    "custom data",
    // SoSci Survey (names its own variables in capitals; `CASE` … `STARTED` lead every file).
    "questnnr",
    "time_sum",
    "time_rsi",
    "missrel",
    "maxpage",
    "lastdata",
    "q_viewer",
    "mailsent",
    "deg_time",
    // KoboToolbox and ODK (their submission's metadata, `_` first).
    "_id",
    "_uuid",
    "_index",
    "_submission_time",
    "_submitted_by",
    "_validation_status",
    "_status",
    "_version",
    "__version__",
    "_notes",
    "_tags",
    "_parent_index",
    "_parent_table_name",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "instanceid",
    "meta/instanceid",
    // LimeSurvey (its id and metadata in every interface language: `read::layout`).
    "totaltime",
    "interviewtime",
    // Microsoft and Google Forms.
    "startzeit",
    "fertigstellungszeit",
    "heure de début",
    "heure de fin",
    "zeitstempel",
    "horodateur",
    "marca temporal",
    "tijdstip van laatste wijziging",
    "tijd van laatste wijziging",
    "e-mailadres",
    "email-adresse",
];

/// Whether a header names an identifier or metadata column.
pub(crate) fn is_metadata_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    // SoSci Survey's own variables in its capitals, whose lower-case words could head a
    // question of a plain table ("Mode" of transport): how the case was interviewed, and the
    // share of questions it left unanswered.
    matches!(name.trim(), "MODE" | "MISSING")
        || METADATA_NAMES.contains(&n.as_str())
        || crate::read::layout::is_tool_metadata(&n)
        // LimeSurvey's timings: `G1Q2Time`, `groupTime12`, "Fragenzeit: …".
        || n.ends_with("time") && !n.contains(' ') && n.chars().any(|c| c.is_ascii_digit())
        || n.starts_with("grouptime")
        // SoSci Survey's time on each page: `TIME001`.
        || n.strip_prefix("time").is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        // A LimeSurvey equation whose heading is its expression (`{if(…, random.NAOK, rand(1,4))}`):
        // a value the survey computed, such as the version a respondent was given.
        || n.starts_with('{') && n.ends_with('}')
}

/// Qualtrics' timing and browser-information questions, known by their ImportIds: a page's
/// timer (`QID35_FIRST_CLICK`, `_LAST_CLICK`, `_PAGE_SUBMIT`, `_CLICK_COUNT`) and what the
/// respondent's browser said of itself (`QID64_BROWSER`, `_VERSION`, `_OS`, `_RESOLUTION`):
/// what the tool measured, not answers.
pub(crate) fn is_qualtrics_measurement(import_id: &str) -> bool {
    import_id.starts_with("QID")
        && [
            "_FIRST_CLICK",
            "_LAST_CLICK",
            "_PAGE_SUBMIT",
            "_CLICK_COUNT",
            "_BROWSER",
            "_VERSION",
            "_OS",
            "_RESOLUTION",
        ]
        .iter()
        .any(|s| import_id.ends_with(s))
}

/// Header names of a weight column.
pub(crate) fn is_weight_name(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "weight"
            | "gewicht"
            | "weegfactor"
            | "weging"
            | "wt"
            | "weight_factor"
            | "weegfactor_totaal"
    )
}

/// Header words of open questions ("Toelichting", "Opmerkingen", "Other (please specify)").
pub(crate) fn is_open_text_name(name: &str) -> bool {
    let n = name.to_lowercase();
    // "comment(s)" as a word of its own, not French "comment" (how) opening a question.
    let comment = n
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "comments")
        || n.trim_end_matches(|c: char| !c.is_alphanumeric())
            .ends_with("comment")
        || n.contains("[comment]");
    comment
        || [
            "toelichting",
            "opmerking",
            "(please specify",
            "namelijk",
            "anders, ",
            "waarom",
            "why",
            "explain",
            "suggesties",
            "suggestions",
            // German and French asks for remarks: "Hast du noch Anmerkungen …?"
            "anmerkung",
            "bemerkung",
            "kommentar",
            "warum",
            "remarques",
            "commentaires",
            "pourquoi",
            "comentarios",
            "sugerencias",
        ]
        .iter()
        .any(|w| n.contains(w))
}

/// Header words that say numbered answers are levels or groups (education, income, region),
/// ordered or not, but no score on a scale.
pub(crate) fn is_level_name(name: &str) -> bool {
    let n = name.to_lowercase();
    let words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    const STEMS: &[&str] = &[
        "educ",
        "opleiding",
        "onderwijs",
        "bildung",
        "schulabschluss",
        "degree",
        "income",
        "inkomen",
        "einkommen",
        "gender",
        "geslacht",
        "sex",
        "region",
        "regio",
        "provincie",
        "country",
        "married",
        "marital",
        "burgerlijke",
        "race",
        "ethnic",
        "religion",
        "occupation",
        "beroep",
        "employment",
        "werkgever",
    ];
    words.iter().any(|w| STEMS.iter().any(|s| w.starts_with(s)))
        // The year or class someone is in: a level, whatever its numbers.
        || ["what year", "which year", "year of study", "welk jaar", "leerjaar", "studiejaar"]
            .iter()
            .any(|phrase| n.contains(phrase))
}

/// Header words that say a number is a count or an amount ("Number of children", "Aantal
/// jaren", "Passengers", a price), not a score.
pub(crate) fn is_count_name(name: &str) -> bool {
    let n = name.to_lowercase();
    [
        "number of",
        "how many",
        "aantal",
        "hoeveel",
        "anzahl",
        "wie viele",
        "nombre de",
        "passengers",
        "children",
        "kinderen",
        "persons",
        "personen",
        "people",
        "years",
        "jaren",
        "jahre",
        "price",
        "prijs",
        "preis",
        "income in",
        "salary",
        "salaris",
        "hours",
        "uren",
        "stunden",
        "minutes",
        "minuten",
        "year of birth",
        "geboortejaar",
        "born",
        "naciste",
        "geburtsjahr",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// Header words that say a number is a measurement ("Temperature (Celsius)", "UV index",
/// "Gewicht (kg)"): a unit in brackets or the name of a measured quantity, not a score.
pub(crate) fn is_measure_name(name: &str) -> bool {
    let n = name.to_lowercase();
    const UNITS: &[&str] = &[
        "celsius",
        "fahrenheit",
        "°c",
        "°f",
        "°",
        "kg",
        "g",
        "lbs",
        "lb",
        "km",
        "m",
        "cm",
        "mm",
        "mi",
        "km/h",
        "m/s",
        "mph",
        "l",
        "ml",
        "kcal",
        "€",
        "eur",
        "$",
        "usd",
        "%",
    ];
    let unit_in_brackets = n.split(['(', '[']).skip(1).any(|after| {
        after
            .split([')', ']'])
            .next()
            .is_some_and(|unit| UNITS.contains(&unit.trim()))
    });
    const QUANTITIES: &[&str] = &[
        "temperature",
        "temperatuur",
        "temperatur",
        "température",
        "index",
        "weight",
        "gewicht",
        "height",
        "distance",
        "afstand",
        "entfernung",
    ];
    // Words of the text, not of a web address in it ("…/index.html").
    let words = n
        .split_whitespace()
        .filter(|token| !token.contains('/'))
        .flat_map(|token| token.split(|c: char| !c.is_alphanumeric()));
    unit_in_brackets || words.into_iter().any(|w| QUANTITIES.contains(&w))
}

/// Header words that say a number is a count or an age, not a score.
pub(crate) fn is_age_name(name: &str) -> bool {
    let n = name.to_lowercase();
    is_count_name(&n)
        || n.strip_suffix("age")
            .is_some_and(|before| before.ends_with(|c: char| c.is_ascii_digit() || c == '_'))
        || n.contains("leeftijd")
        || n == "age"
        || n.starts_with("age ")
        || n.contains(" age")
        || n.contains("hoe oud")
        || n.contains("how old")
        // German, French, Spanish, Italian, Portuguese: "Bitte gib dein Alter an.", "Wie alt
        // bist du?", "Quel âge avez-vous ?", "Edad".
        || n.contains("wie alt")
        || n.split(|c: char| !c.is_alphanumeric())
            .any(|w| ["alter", "lebensalter", "âge", "edad", "età", "idade"].contains(&w))
}

/// Header words of a mark out of ten ("Welk rapportcijfer geeft u …?"), which Dutch reports
/// give as an average rather than as ten categories.
pub(crate) fn is_grade_name(name: &str) -> bool {
    name.to_lowercase().contains("cijfer")
}

/// Whether `value` is `heading` written again, as a tool exports a text display's own text:
/// the same letters and digits from the start (HTML entities and spaces aside: the value
/// holds `&micro;` where the heading holds `µ`), for a text of a sentence or more.
pub(crate) fn is_heading_again(value: &str, heading: &str) -> bool {
    // Letters and digits, with an entity's name in place of the character it names.
    let key = |s: &str| -> String {
        s.split('&')
            .enumerate()
            .map(|(k, part)| match (k, part.split_once(';')) {
                (0, _) | (_, None) => part,
                (_, Some((_, rest))) => rest,
            })
            .flat_map(str::chars)
            .filter(|c| c.is_ascii_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (value, heading) = (key(value), key(heading));
    const SENTENCE: usize = 40;
    value.len() >= SENTENCE && heading.len() >= SENTENCE && value[..SENTENCE] == heading[..SENTENCE]
}

/// The name of a picture an answer is, when the tool exports a picture choice as the picture's
/// path (LimeSurvey's image select: `/upload/surveys/131416/images/BarPlot_GE.png` →
/// `BarPlot_GE`): the file's name without its folders and extension.
pub(crate) fn image_name(value: &str) -> Option<&str> {
    let value = value.trim();
    let (folders, file) = value.rsplit_once('/')?;
    let (name, extension) = file.rsplit_once('.')?;
    let picture = ["png", "jpg", "jpeg", "gif", "svg", "webp"]
        .iter()
        .any(|e| extension.eq_ignore_ascii_case(e));
    (picture && !folders.is_empty() && !name.is_empty() && !value.contains(char::is_whitespace))
        .then_some(name)
}

#[cfg(test)]
mod tests {

    /// LimeSurvey's image select exports the chosen picture's path (corpus Q, the
    /// explainable-AI study); a typed answer with a slash is no picture.
    #[test]
    fn a_picture_answer_is_named_by_its_file() {
        assert_eq!(
            image_name("/upload/surveys/131416/images/BarPlot_GE.png"),
            Some("BarPlot_GE")
        );
        assert_eq!(image_name("https://example.org/a/Photo 1.JPG"), None);
        assert_eq!(image_name("images/chart.jpeg"), Some("chart"));
        assert_eq!(image_name("Ja/Nein"), None);
        assert_eq!(image_name("BarPlot.png"), None);
    }

    /// LimeSurvey exports a text display with its own text for whoever saw it (corpus Q,
    /// the explainable-AI study): `&micro;` in the value, `µ` in the heading.
    #[test]
    fn a_text_display_holds_its_heading_again() {
        let heading =
            "PM10 particle concentrations below 54 µg/m³ don't represent a threat to human health.";
        let value = "PM10 particle concentrations below 54 &micro;g/m&sup3; don't represent a threat to human health.";
        assert!(is_heading_again(value, heading));
        // A consent given is an answer, not the heading again; nor is a short answer.
        assert!(!is_heading_again(
            "I consent to participate in the study and to the use of my data as described above.",
            "The study aims to evaluate how well participants comprehend explanations."
        ));
        assert!(!is_heading_again("Yes", "Yes"));
    }
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast path for plain whole numbers gives what the general path gives (a code
        /// check, then the float parse of `survey::parse_number`), for digit strings with and
        /// without leading zeros, spaces, signs and points.
        #[test]
        fn plain_whole_numbers_read_as_the_general_path_reads_them(
            value in "[ ]?[-+]?[0-9]{1,17}([.,][0-9]{0,3})?[ ]?"
        ) {
            let general = if is_code_like(&value) { None } else { parse_number(&value) };
            prop_assert_eq!(number(&value), general);
        }
    }

    /// Headers of a Google Form's weather questions (corpus: walking questionnaire), and
    /// headers that name no measure.
    #[test]
    fn a_unit_or_a_measured_quantity_names_a_measure() {
        assert!(is_measure_name("Temperature (Celsius)"));
        assert!(is_measure_name("UV index"));
        assert!(is_measure_name("Wind (m/s)"));
        assert!(is_measure_name("Gewicht [kg]"));
        assert!(!is_measure_name(
            "Do you know the site (https://example.com/index.html)?"
        ));
        assert!(!is_measure_name("Indexed by (name)"));
        assert!(!is_measure_name("Speed"));
    }

    #[test]
    fn codes_with_trailing_or_leading_zeros_are_not_numbers() {
        assert!(is_code_like("9.10"));
        assert!(is_code_like("01"));
        // Whole numbers with decimals (LimeSurvey's numerical input, a spreadsheet's floats).
        assert!(!is_code_like("29.0000000000"));
        assert!(!is_code_like("4.0"));
        assert_eq!(number("29.0000000000"), Some(29.0));
        assert!(is_code_like("10.00.0"));
        assert!(!is_code_like("9.5"));
        assert!(!is_code_like("0.5"));
        assert_eq!(number("9.10"), None);
        assert_eq!(number("3,5"), Some(3.5));
        assert_eq!(compare_codes("9.2", "9.10"), Ordering::Less);
        assert_eq!(compare_codes("10", "9.10"), Ordering::Greater);
        // An agreement scale recoded -3 … 3 (a Qualtrics export with numeric values).
        let mut recoded = ["1", "-1", "3", "0", "-3", "2"];
        recoded.sort_by(|a, b| compare_codes(a, b));
        assert_eq!(recoded, ["-3", "-1", "0", "1", "2", "3"]);
    }

    /// Bands of time in two units, as a Microsoft Forms question offered them (the form's own
    /// order, shortest first: rejnojo/ma-thesis-data, `survey_data.xlsx`), and a tenure
    /// question's in Dutch, come in that order when compared in years.
    #[test]
    fn bands_of_time_in_several_units_are_ordered_by_their_length() {
        for form in [
            &[
                "Less than 30 minutes",
                "30 minutes to 1 hour",
                "1 - 2 hours",
                "More than 2 hours",
            ][..],
            &[
                "Korter dan 6 maanden",
                "6 maanden tot 1 jaar",
                "1 tot 5 jaar",
                "Langer dan 5 jaar",
            ],
        ] {
            let mut shuffled: Vec<&str> = form.iter().rev().copied().collect();
            shuffled.rotate_left(1);
            shuffled.sort_by(|a, b| {
                band_lower_bound_in_time(a)
                    .unwrap()
                    .total_cmp(&band_lower_bound_in_time(b).unwrap())
            });
            assert_eq!(shuffled, form);
        }
        assert_eq!(duration_in_years("1 - 2 hours"), Some(1.0 / 8_760.0));
        assert_eq!(duration_in_years("18-24"), None);
        // Without the unit's scaling a band in minutes is no band: "30 minutes to 1 hour".
        assert_eq!(band_lower_bound("30 minutes to 1 hour"), None);
    }

    /// The answers of a Google Forms time question (a diary study's bedtimes,
    /// mokalashhanze/De-Wetenschappelijke-Cyclus) and 24-hour times, in clock order.
    #[test]
    fn times_of_day_are_seconds_after_midnight() {
        assert_eq!(time_of_day("12:30:00 AM"), Some(30 * 60));
        assert_eq!(time_of_day("6:00:00 AM"), Some(6 * 3600));
        assert_eq!(time_of_day("12:00:00 PM"), Some(12 * 3600));
        assert_eq!(time_of_day("9:59:59 PM"), Some(21 * 3600 + 59 * 60 + 59));
        assert_eq!(time_of_day("21:30"), Some(21 * 3600 + 30 * 60));
        assert_eq!(time_of_day("07:15:00"), Some(7 * 3600 + 15 * 60));
        for no in [
            "13:00 PM",
            "24:00",
            "9:5",
            "1:30:00:00",
            "2-3",
            "Eens",
            "10",
        ] {
            assert_eq!(time_of_day(no), None, "{no}");
        }
    }

    #[test]
    fn age_bands_have_lower_bounds_and_are_not_numbers() {
        assert_eq!(band_lower_bound("25-34"), Some(25.0));
        assert_eq!(band_lower_bound("65+"), Some(65.0));
        assert_eq!(band_lower_bound("65 jaar en ouder"), Some(65.0));
        assert!(band_lower_bound("Jonger dan 25").unwrap() < 0.0);
        assert!(band_lower_bound("< 25").unwrap() < 0.0);
        assert_eq!(band_lower_bound("1-10"), Some(1.0));
        assert!(is_band("25-34"));
        assert!(!is_band("25"));
        assert!(!is_band("Eens"));
        // SurveyMonkey's income and age-cutoff answers (FiveThirtyEight's Thanksgiving file).
        assert_eq!(band_lower_bound("$25,000 to $49,999"), Some(25_000.0));
        assert_eq!(band_lower_bound("$200,000 and up"), Some(200_000.0));
        assert_eq!(band_lower_bound("€ 1.000 - € 2.000"), Some(1_000.0));
        assert!(band_lower_bound("10 or younger").unwrap() < 0.0);
        assert_eq!(band_lower_bound("21 or older"), Some(21.0));
        assert_eq!(band_lower_bound("More than 10"), Some(10.5));
        assert_eq!(band_lower_bound("2,5 uur"), None);
        // SurveyGizmo's years in a role (Jupyter's 2015 survey) and Typeform's French age bands
        // (corpus F).
        assert_eq!(band_lower_bound("1 year"), Some(1.0));
        assert_eq!(band_lower_bound("5+ years"), Some(5.0));
        assert!(band_lower_bound("Less than 1 year").unwrap() < 0.0);
        assert_eq!(band_lower_bound("Entre 18 et 25 ans"), Some(18.0));
        assert_eq!(band_lower_bound("18 à 25 ans"), Some(18.0));
        assert_eq!(band_lower_bound("18 bis 25 Jahre"), Some(18.0));
        assert_eq!(band_lower_bound("2 yearly"), None);
        assert_eq!(band_lower_bound("3 etages"), None);
        assert_eq!(band_lower_bound("Eens"), None);
        assert_eq!(answer_code("A4"), Some(("A", 4)));
        assert_eq!(answer_code("AO01"), Some(("AO", 1)));
        assert_eq!(answer_code("A"), None);
        assert_eq!(answer_code("Q2a"), None);
        assert_eq!(answer_code("12"), None);
        // FiveThirtyEight's flying-etiquette heights.
        assert_eq!(band_lower_bound("5'4\""), Some(64.0));
        assert_eq!(band_lower_bound("6'6\" and above"), Some(78.0));
        assert!(band_lower_bound("Under 5 ft.").unwrap() < 0.0);
        // Survey123 in Spanish (corpus: espacio público): counts in a unit, "or more" after
        // the number, and a count beside bands of its unit.
        assert_eq!(band_lower_bound("2-3 especies"), Some(2.0));
        assert_eq!(band_lower_bound("4 o más especies"), Some(4.0));
        assert_eq!(band_lower_bound("3 oder mehr"), Some(3.0));
        assert_eq!(band_lower_bound("1 especie"), None);
        let bands = ["2-3 especies", "4 o más especies", "Ninguna"];
        assert_eq!(count_in_unit_of("1 especie", &bands), Some(1.0));
        assert_eq!(count_in_unit_of("1 árbol", &bands), None);
        assert_eq!(
            count_in_unit_of("1 especie", &["1 especie", "2 especies"]),
            None
        );
        assert!(is_none_answer("Ninguna"));
        assert!(is_none_answer("Geen studieschuld"));
        assert!(is_none_answer("None"));
        assert!(!is_none_answer("Nonetheless"));
        assert!(!is_none_answer("Eens"));
    }

    #[test]
    fn metadata_values_are_recognised() {
        assert!(is_timestamp("2024-03-01 09:30:12"));
        assert!(is_timestamp("1-3-2024 9:30"));
        assert!(is_timestamp("03/01/2024"));
        assert!(!is_timestamp("25-34"));
        assert!(!is_timestamp("9.10"));
        assert!(is_email("a.b@example.nl"));
        assert!(!is_email("@"));
        assert!(is_ip_address("192.168.0.12"));
        assert!(!is_ip_address("9.10"));
    }

    /// Metadata names as the tools write them (SoSci Survey's hybrid-work data file,
    /// KoboToolbox's CSV and Microsoft Forms' Dutch export in the corpus); words that are
    /// questions elsewhere are not taken.
    #[test]
    fn tools_metadata_names_are_metadata() {
        for name in [
            "QUESTNNR",
            "TIME001",
            "TIME_SUM",
            "MISSREL",
            "MAXPAGE",
            "MODE",
            "MISSING",
            "_uuid",
            "_submission_time",
            "__version__",
            "Tijd van laatste wijziging",
        ] {
            assert!(is_metadata_name(name), "{name}");
        }
        for name in [
            "TIME",
            "Timeline",
            "time spent",
            "version",
            "uuid of your device",
            "Mode",
            "Missing",
        ] {
            assert!(!is_metadata_name(name), "{name}");
        }
        assert!(is_qualtrics_measurement("QID35_FIRST_CLICK"));
        assert!(is_qualtrics_measurement("QID64_RESOLUTION"));
        assert!(!is_qualtrics_measurement("QID35_TEXT"));
        assert!(!is_qualtrics_measurement("QID12"));
    }

    /// Percentages as bands (a KoboToolbox question's "0%", "1%-24%" … "75%-100%").
    #[test]
    fn percentages_are_bands_by_their_first_number() {
        let bounds: Vec<Option<f64>> = ["0%", "1%-24%", "25%-49%", "75% - 100%"]
            .iter()
            .map(|v| band_lower_bound(v))
            .collect();
        assert_eq!(bounds, [Some(0.0), Some(1.0), Some(25.0), Some(75.0)]);
        assert!(is_band("1%-24%"));
    }
}
