//! The words charters use, in French, English and German: for categories
//! (in headings, category cells and purpose texts), for table columns, for
//! time units and sessions.
//!
//! Matching works on words folded to lower case without accents, and a
//! vocabulary word matches any word it begins ("statisti" matches
//! "statistiques", "Statistik" and "statistics"). When a text names several
//! categories, the one named first wins: "Cookies nécessaires au bon
//! fonctionnement / cookies fonctionnels" is about necessary cookies.

use std::sync::LazyLock;

use crate::purpose::Purpose;

/// Category words that may stand in a heading or a category cell.
const CATEGORY_WORDS: &[(Purpose, &[&str])] = &[
    (
        Purpose::Necessary,
        &[
            "necessaire",
            "indispensable",
            "essentiel",
            "strictement",
            "technique",
            "necessary",
            "essential",
            "strictly",
            "required",
            "notwendig",
            "erforderlich",
            "essenziell",
            "technisch",
            "unbedingt",
        ],
    ),
    (
        Purpose::Statistics,
        &[
            "statisti",
            "mesure d audience",
            "audience",
            "analytic",
            "analyse",
            "analysis",
            "performance",
            "measurement",
            "frequentation",
            "webanalyse",
            "web analytics",
            "besucherstatistik",
            "reichweitenmessung",
        ],
    ),
    (
        Purpose::Preferences,
        &[
            "preference",
            "personnalisation",
            "fonctionnel",
            "personalisation",
            "personalization",
            "functional",
            "functionality",
            "praferenz",
            "funktional",
            "komfort",
        ],
    ),
    (
        Purpose::Marketing,
        &[
            "publicit",
            "marketing",
            "ciblage",
            "reseaux sociaux",
            "advertis",
            "targeting",
            "social media",
            "retargeting",
            "werbung",
            "werbe",
            "soziale medien",
        ],
    ),
];

/// Further words that reveal a purpose in a row's own description, though
/// they would be too weak in a heading (a heading "Sessions" names a product).
const DESCRIPTION_WORDS: &[(Purpose, &[&str])] = &[
    (
        Purpose::Necessary,
        &[
            "session",
            "authentif",
            "authentic",
            "login",
            "connexion",
            "csrf",
            "xsrf",
            "securit",
            "security",
            "load balanc",
            "repartition de charge",
            "panier",
            "cart",
            "consentement",
            "consent",
            "anmeldung",
            "sicherheit",
            "einwilligung",
            "warenkorb",
        ],
    ),
    (
        Purpose::Statistics,
        &[
            "distinguish users",
            "distinguer les utilisateurs",
            "visites",
            "visits",
            "mesure",
            "nombre de visiteurs",
            "number of visitors",
            "besucher",
        ],
    ),
    (
        Purpose::Preferences,
        &[
            "langue",
            "language",
            "sprache",
            "remember your",
            "se souvenir de vos choix",
        ],
    ),
    (
        Purpose::Marketing,
        &["ads", "annonces", "anzeigen", "profil", "profile"],
    ),
];

/// The category a heading or category cell names, if any.
pub fn category_in_heading(text: &str) -> Option<Purpose> {
    static INDEX: LazyLock<Index<Purpose>> = LazyLock::new(|| Index::new(&[CATEGORY_WORDS]));
    INDEX.earliest(&words(&fold(text)))
}

/// The category a row's own purpose text reveals, if any.
pub fn category_in_description(text: &str) -> Option<Purpose> {
    static INDEX: LazyLock<Index<Purpose>> =
        LazyLock::new(|| Index::new(&[CATEGORY_WORDS, DESCRIPTION_WORDS]));
    INDEX.earliest(&words(&fold(text)))
}

/// The columns of a declaration table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Provider,
    Service,
    Purpose,
    Duration,
    Category,
    Domain,
}

/// Header words per column, in the order they are tried: "Nom du
/// prestataire" is the provider column although it says "nom".
const COLUMN_WORDS: &[(Column, &[&str])] = &[
    (
        Column::Provider,
        &[
            "prestataire",
            "fournisseur",
            "editeur",
            "emetteur",
            "societe",
            "provider",
            "vendor",
            "company",
            "anbieter",
            "herausgeber",
        ],
    ),
    (
        Column::Duration,
        &[
            "duree",
            "expiration",
            "conservation",
            "validite",
            "duration",
            "expiry",
            "expires",
            "expir",
            "lasts",
            "max age",
            "retention",
            "lifetime",
            "lifespan",
            "speicherdauer",
            "laufzeit",
            "ablauf",
            "gultigkeit",
        ],
    ),
    (
        Column::Category,
        &["categorie", "type", "category", "kategorie", "typ"],
    ),
    (
        Column::Domain,
        &["domaine", "domain", "hote", "host", "subgroup", "sous groupe"],
    ),
    (
        Column::Purpose,
        &[
            "finalite",
            "objet",
            "description",
            "purpose",
            "usage",
            "utilisation",
            "role",
            "fonction",
            "function",
            "what it does",
            "used for",
            "why we use",
            "zweck",
            "beschreibung",
            "verwendung",
        ],
    ),
    (
        Column::Service,
        &["service", "emplacement", "outil", "tool", "plateforme", "dienst"],
    ),
    (
        Column::Name,
        &["nom", "name", "cookie", "traceur", "identifi", "bezeichnung"],
    ),
];

/// The column a header cell names, if any.
pub fn column_of(header: &str) -> Option<Column> {
    static INDEX: LazyLock<Index<Column>> = LazyLock::new(|| Index::new(&[COLUMN_WORDS]));
    INDEX.first_in_table(&words(&fold(header)))
}

/// Whether a duration text names a session ("Session", "fin de session",
/// "Sitzungsende", "end of the browsing session").
pub fn names_a_session(text: &str) -> bool {
    let folded = fold(text);
    let words = words(&folded);
    ["session", "sitzung"]
        .iter()
        .any(|word| find_phrase(&words, word).is_some())
}

/// Whether a free text says a cookie lasts for the browsing session only.
pub fn names_a_session_lifetime(text: &str) -> bool {
    const PHRASES: [&str; 15] = [
        "session cookie",
        "cookie de session",
        "end of the session",
        "end of your session",
        "fin de session",
        "fin de la session",
        "close your browser",
        "browser closes",
        "browser is closed",
        "fermeture du navigateur",
        "fermez votre navigateur",
        "sitzungscookie",
        "ende der sitzung",
        "schliessen des browsers",
        "browser geschlossen",
    ];
    // "Durée : session", "Speicherdauer: Sitzung", "Expires: session".
    const LABELS: [&str; 7] = [
        "duree",
        "duration",
        "dauer",
        "speicherdauer",
        "expir",
        "lasts",
        "ablauf",
    ];
    let folded = fold(text);
    let words = words(&folded);
    let labelled = words.windows(2).any(|pair| {
        LABELS.iter().any(|label| pair[0].starts_with(label)) && ["session", "sitzung"].contains(&pair[1])
    });
    let words = words.join(" ");
    labelled || PHRASES.iter().any(|phrase| words.contains(phrase))
}

/// How strongly a page's title or address says that it is a site's cookie
/// charter, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyEvidence {
    None,
    /// A privacy page ("Datenschutz", "Privacy policy"), which often holds
    /// the cookie table too.
    Privacy,
    /// A page about cookies ("Cookies", `/pages/cookies/`).
    Cookies,
    /// A cookie policy by name ("Charte cookies", "Cookie-Richtlinie").
    CookiePolicy,
}

// The stems of the extension's charter-link scoring
// (`extension/lib/charter-links.js`), so that a HAR's charter page is the
// page the extension would have chosen.
const POLICY_COOKIE_WORDS: [&str; 4] = ["cookie", "traceur", "temoin de connexion", "temoins de connexion"];
const POLICY_WORDS: [&str; 24] = [
    "charte",
    "politique",
    "policy",
    "policies",
    "notice",
    "statement",
    "declaration",
    "information",
    "utilisation",
    "usage",
    "use of",
    "gestion",
    "about",
    "a propos",
    "en savoir plus",
    "richtlinie",
    "hinweis",
    "erklarung",
    "verwendung",
    "einsatz",
    "nutzung",
    "datenschutz",
    "privacy",
    "confidentialite",
];
const PRIVACY_WORDS: [&str; 10] = [
    "privacy",
    "datenschutz",
    "confidentialite",
    "vie privee",
    "donnees personnelles",
    "protection des donnees",
    "data protection",
    "rgpd",
    "gdpr",
    "dsgvo",
];
/// Words of a consent manager's button or dialog, not of a page to read.
const SETTINGS_WORDS: [&str; 23] = [
    "setting",
    "preference",
    "parametr",
    "reglage",
    "manage",
    "gerer",
    "personnalis",
    "customi",
    "einstellung",
    "verwalten",
    "anpassen",
    "accept",
    "akzeptier",
    "refus",
    "reject",
    "ablehnen",
    "deny",
    "allow",
    "autoriser",
    "consent",
    "zustimm",
    "widerruf",
    "opt out",
];

/// What a page title or a link text says about its page.
pub fn policy_evidence(text: &str) -> PolicyEvidence {
    let folded = fold(text);
    let words = words(&folded);
    let has = |stems: &[&str]| stems.iter().any(|stem| find_phrase(&words, stem).is_some());
    if has(&POLICY_COOKIE_WORDS) {
        if has(&SETTINGS_WORDS) {
            PolicyEvidence::None
        } else if has(&POLICY_WORDS) {
            PolicyEvidence::CookiePolicy
        } else {
            PolicyEvidence::Cookies
        }
    } else if has(&SETTINGS_WORDS) || !has(&PRIVACY_WORDS) {
        PolicyEvidence::None
    } else {
        PolicyEvidence::Privacy
    }
}

/// What a URL's path and query (percent-decoded) say about their page:
/// as a title would, except that `/cookie-settings` is still a page about
/// cookies rather than a button.
pub fn address_policy_evidence(path_and_query: &str) -> PolicyEvidence {
    match policy_evidence(path_and_query) {
        PolicyEvidence::None if has_cookie_word(path_and_query) => PolicyEvidence::Cookies,
        evidence => evidence,
    }
}

fn has_cookie_word(text: &str) -> bool {
    let folded = fold(text);
    let words = words(&folded);
    POLICY_COOKIE_WORDS
        .iter()
        .any(|stem| find_phrase(&words, stem).is_some())
}

/// Days in one of the unit a word names ("mois", "years", "Jahre", "h").
pub fn time_unit_in_days(word: &str) -> Option<f64> {
    const UNITS: &[(f64, &[&str])] = &[
        (1.0 / 86_400.0, &["s", "sec", "second", "seconde", "sekunde"]),
        (1.0 / 1_440.0, &["min", "minute", "minuten"]),
        (1.0 / 24.0, &["h", "hr", "hour", "heure", "stunde"]),
        (1.0, &["d", "j", "day", "jour", "tag"]),
        (7.0, &["w", "wk", "week", "semaine", "woche"]),
        (365.0 / 12.0, &["mo", "month", "mois", "monat"]),
        (365.0, &["y", "yr", "year", "an", "ans", "annee", "jahr"]),
    ];
    let word = fold(word);
    UNITS.iter().find_map(|&(days, names)| {
        names
            .iter()
            .any(|name| word == *name || (name.len() > 2 && is_inflection(&word, name)))
            .then_some(days)
    })
}

/// `word` is `stem` or one of its plural/declined forms ("mois", "years",
/// "Jahren", "Monate", "Tagen", "heures").
fn is_inflection(word: &str, stem: &str) -> bool {
    word.strip_prefix(stem)
        .is_some_and(|rest| matches!(rest, "" | "s" | "e" | "es" | "en" | "n" | "er"))
}

/// Small numbers written as words ("un an", "one year", "zwei Jahre").
pub fn number_word(word: &str) -> Option<f64> {
    const NUMBERS: &[(f64, &[&str])] = &[
        (
            1.0,
            &["un", "une", "one", "a", "an", "ein", "eine", "einem", "einen"],
        ),
        (2.0, &["deux", "two", "zwei"]),
        (3.0, &["trois", "three", "drei"]),
        (6.0, &["six", "sechs"]),
        (12.0, &["douze", "twelve", "zwolf"]),
        (13.0, &["treize", "thirteen", "dreizehn"]),
    ];
    let word = fold(word);
    NUMBERS
        .iter()
        .find_map(|&(n, names)| names.contains(&word.as_str()).then_some(n))
}

/// Lower case, accents folded, typographic apostrophes made plain.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ß' => 's',
            other => other,
        })
        .collect()
}

/// The words of a folded text; anything not alphanumeric separates.
fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Where a phrase of one or more vocabulary words first starts in `words`;
/// each vocabulary word matches a word it begins.
fn find_phrase(words: &[&str], phrase: &str) -> Option<usize> {
    (0..words.len()).find(|&start| phrase_at(words, start, phrase.split(' ')))
}

/// Whether the words of a phrase begin `words[start..]`, one by one.
fn phrase_at<'p>(words: &[&str], start: usize, phrase: impl IntoIterator<Item = &'p str>) -> bool {
    phrase
        .into_iter()
        .enumerate()
        .all(|(at, want)| words.get(start + at).is_some_and(|word| begins(word, want)))
}

/// `word.starts_with(stem)`, with the first letters compared inline: most
/// words differ there, and a heading is matched against every stem.
fn begins(word: &str, stem: &str) -> bool {
    word.as_bytes().first() == stem.as_bytes().first() && word.starts_with(stem)
}

/// A vocabulary table indexed by first letter. Headings and header cells
/// are matched against every phrase of a table; looking up each word's
/// letter leaves a handful of phrases to compare instead of a hundred.
struct Index<T: 'static> {
    /// Per ASCII first letter: (the entry's rank in its table, its value,
    /// the phrase's words), in table order. Phrases are folded ASCII, so a
    /// word that starts with another byte matches none.
    by_letter: Vec<Vec<(usize, T, Vec<&'static str>)>>,
}

impl<T: Copy> Index<T> {
    fn new(tables: &[&'static [(T, &'static [&'static str])]]) -> Index<T> {
        let mut by_letter = vec![Vec::new(); 128];
        let entries = tables.iter().flat_map(|table| table.iter());
        for (rank, &(value, phrases)) in entries.enumerate() {
            for phrase in phrases {
                let letter = usize::from(phrase.as_bytes()[0]);
                by_letter[letter].push((rank, value, phrase.split(' ').collect()));
            }
        }
        Index { by_letter }
    }

    /// The phrases that may begin at `words[start]`, with their ranks.
    fn at<'w>(&'w self, words: &'w [&str], start: usize) -> impl Iterator<Item = (usize, T)> + 'w {
        let letter = usize::from(words[start].as_bytes()[0]);
        self.by_letter
            .get(letter)
            .into_iter()
            .flatten()
            .filter(move |(_, _, phrase)| phrase_at(words, start, phrase.iter().copied()))
            .map(|&(rank, value, _)| (rank, value))
    }

    /// The value whose phrase appears first in `words`; ties go to table order.
    fn earliest(&self, words: &[&str]) -> Option<T> {
        (0..words.len()).find_map(|start| self.at(words, start).next().map(|(_, value)| value))
    }

    /// The value, first in table order, whose phrase appears anywhere in `words`.
    fn first_in_table(&self, words: &[&str]) -> Option<T> {
        (0..words.len())
            .flat_map(|start| self.at(words, start))
            .min_by_key(|&(rank, _)| rank)
            .map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_categories_in_three_languages() {
        let cases = [
            (
                "Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels",
                Some(Purpose::Necessary),
            ),
            ("Mesure d’audience", Some(Purpose::Statistics)),
            ("Strictly necessary cookies", Some(Purpose::Necessary)),
            ("Analytics and stats", Some(Purpose::Statistics)),
            ("Notwendige Cookies", Some(Purpose::Necessary)),
            ("Statistik", Some(Purpose::Statistics)),
            ("Cookies publicitaires", Some(Purpose::Marketing)),
            ("YouTube videos", None),
            ("Sessions", None),
        ];
        for (heading, expected) in cases {
            assert_eq!(category_in_heading(heading), expected, "heading {heading:?}");
        }
    }

    #[test]
    fn descriptions_reveal_purposes() {
        let cases = [
            ("Used to distinguish users.", Some(Purpose::Statistics)),
            ("Remembers your language", Some(Purpose::Preferences)),
            ("Se souvenir de la langue du visiteur", Some(Purpose::Preferences)),
            ("Used for advertising", Some(Purpose::Marketing)),
            ("Récupérer des données via des appels API", None),
        ];
        for (text, expected) in cases {
            assert_eq!(category_in_description(text), expected, "text {text:?}");
        }
    }

    #[test]
    fn titles_and_addresses_name_cookie_policies() {
        let titles = [
            ("Charte d’utilisation des cookies", PolicyEvidence::CookiePolicy),
            ("Cookie-Richtlinie", PolicyEvidence::CookiePolicy),
            ("Cookie policy | Example", PolicyEvidence::CookiePolicy),
            ("Cookies", PolicyEvidence::Cookies),
            ("Datenschutzerklärung", PolicyEvidence::Privacy),
            ("Politique de confidentialité", PolicyEvidence::Privacy),
            ("Gérer mes cookies", PolicyEvidence::None),
            ("Accueil — Data Nantes Métropole", PolicyEvidence::None),
        ];
        for (title, expected) in titles {
            assert_eq!(policy_evidence(title), expected, "title {title:?}");
        }
        let addresses = [
            ("/pages/cookies/", PolicyEvidence::Cookies),
            ("/politique-de-cookies", PolicyEvidence::CookiePolicy),
            ("/legal/cookie-policy.html", PolicyEvidence::CookiePolicy),
            ("/datenschutz", PolicyEvidence::Privacy),
            ("/cookie-settings", PolicyEvidence::Cookies),
            ("/explore/dataset/parkings/ ", PolicyEvidence::None),
        ];
        for (address, expected) in addresses {
            assert_eq!(address_policy_evidence(address), expected, "address {address:?}");
        }
    }

    #[test]
    fn header_cells_name_columns() {
        let cases = [
            ("Nom du prestataire", Some(Column::Provider)),
            ("Service et emplacement", Some(Column::Service)),
            ("Nom du cookies", Some(Column::Name)),
            ("Finalités", Some(Column::Purpose)),
            ("Durée de conservation", Some(Column::Duration)),
            ("Cookie name", Some(Column::Name)),
            ("Type de cookie", Some(Column::Category)),
            ("Speicherdauer", Some(Column::Duration)),
            ("Zweck", Some(Column::Purpose)),
            ("Anbieter", Some(Column::Provider)),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(column_of(header), expected, "header {header:?}");
        }
    }
}
