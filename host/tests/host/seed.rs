//! The seed scenario: data.nantesmetropole.fr, its real charter, and the
//! cookies a visit sets.

use serde_json::{json, Value};

use crate::support::{seed_charter, HostProcess};

const NOW: f64 = 1_764_374_400.0; // 2025-11-29
const DAY: f64 = 86_400.0;

fn seed_cookies() -> Value {
    json!([
        {"name": "sessionid", "domain": "data.nantesmetropole.fr", "path": "/", "hostOnly": true,
         "secure": true, "httpOnly": true, "sameSite": "lax", "session": true},
        {"name": "csrftoken", "domain": "data.nantesmetropole.fr", "path": "/", "hostOnly": true,
         "secure": true, "httpOnly": false, "sameSite": "lax", "session": false, "expirationDate": NOW + 365.0 * DAY},
        {"name": "django_language", "domain": "data.nantesmetropole.fr", "hostOnly": true, "session": true},
        {"name": "cookies_preferences", "domain": "data.nantesmetropole.fr", "hostOnly": true, "session": false,
         "expirationDate": NOW + 180.0 * DAY},
        {"name": "_ga", "domain": ".nantesmetropole.fr", "path": "/", "hostOnly": false, "session": false,
         "expirationDate": NOW + 400.0 * DAY},
        {"name": "_pk_id.7.1fff", "domain": "data.nantesmetropole.fr", "hostOnly": true, "session": false,
         "expirationDate": NOW + 393.0 * DAY},
        {"name": "VISITOR_INFO1_LIVE", "domain": ".youtube.com", "hostOnly": false, "secure": true,
         "sameSite": "no_restriction", "session": false, "expirationDate": NOW + 180.0 * DAY},
        {"name": "ndm_banner_seen", "domain": "data.nantesmetropole.fr", "hostOnly": true, "session": true},
    ])
}

fn classify_seed(cookies: Value) -> Value {
    let mut host = HostProcess::serve();
    let answer = host.ask(&json!({
        "type": "classify", "id": "seed", "site": "https://data.nantesmetropole.fr/explore/",
        "observedAt": NOW, "cookies": cookies,
        "charter": {"format": "text", "url": "https://data.nantesmetropole.fr/pages/cookies/", "content": seed_charter()},
    }));
    let (status, _) = host.finish();
    assert!(status.success());
    answer
}

fn verdict<'a>(answer: &'a Value, name: &str) -> &'a Value {
    answer["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no verdict for {name}"))
}

#[test]
fn every_seed_cookie_gets_the_expected_verdict() {
    let answer = classify_seed(seed_cookies());
    assert_eq!(answer["type"], "classification");
    assert_eq!(answer["id"], "seed");
    assert_eq!(answer["site"]["registrableDomain"], "nantesmetropole.fr");

    // name, label, party, basis, purpose, consent, findings
    let expected = [
        (
            "sessionid",
            "necessary",
            "first",
            "charter",
            "necessary",
            "exempt",
            vec![],
        ),
        (
            "csrftoken",
            "necessary",
            "first",
            "charter",
            "necessary",
            "exempt",
            vec![],
        ),
        (
            "django_language",
            "necessary",
            "first",
            "charter",
            "necessary",
            "exempt",
            vec![],
        ),
        (
            "cookies_preferences",
            "necessary",
            "first",
            "charter",
            "necessary",
            "exempt",
            vec![],
        ),
        (
            "_ga",
            "statistics",
            "first",
            "known",
            "statistics",
            "required",
            vec!["undeclared", "statistics_not_exempt"],
        ),
        (
            "_pk_id.7.1fff",
            "statistics",
            "first",
            "known",
            "statistics",
            "required",
            vec!["undeclared", "statistics_not_exempt"],
        ),
        (
            "VISITOR_INFO1_LIVE",
            "third-party",
            "third",
            "known",
            "marketing",
            "required",
            vec!["undeclared"],
        ),
        (
            "ndm_banner_seen",
            "first-party",
            "first",
            "party",
            "unknown",
            "required",
            vec!["undeclared"],
        ),
    ];
    for (name, label, party, basis, purpose, consent, findings) in expected {
        let v = verdict(&answer, name);
        assert_eq!(
            (
                v["label"].as_str(),
                v["party"].as_str(),
                v["basis"].as_str(),
                v["purpose"].as_str(),
                v["consent"].as_str()
            ),
            (
                Some(label),
                Some(party),
                Some(basis),
                Some(purpose),
                Some(consent)
            ),
            "verdict for {name}: {v}"
        );
        assert_eq!(v["findings"], json!(findings), "findings for {name}");
        assert_eq!(v["partitioned"], false);
    }

    let declared = &verdict(&answer, "django_language")["declared"];
    assert_eq!(declared["provider"], "Opendatasoft");
    assert_eq!(
        declared["service"],
        "Sélection de la langue (front et back office)"
    );
    assert_eq!(declared["purpose_text"], "Se souvenir de la langue du visiteur");
    assert_eq!(
        declared["section"],
        "Cookies nécessaires au bon fonctionnement de la plateforme / cookies fonctionnels"
    );
    assert_eq!(verdict(&answer, "_ga")["known"]["provider"], "Google");
    assert_eq!(verdict(&answer, "_ga")["lifetimeDays"], 400.0);
    assert!(verdict(&answer, "sessionid").get("lifetimeDays").is_none());

    let summary = &answer["summary"];
    assert_eq!(
        summary["counts"],
        json!({"necessary": 4, "statistics": 2, "first-party": 1, "third-party": 1})
    );
    assert_eq!(
        summary["undeclared"],
        json!(["_ga", "_pk_id.7.1fff", "VISITOR_INFO1_LIVE", "ndm_banner_seen"])
    );
    assert_eq!(summary["declaredNotSeen"], json!([]));
    assert_eq!(summary["findings"], json!(["undeclared"]));
    assert_eq!(answer["charter"]["entries"].as_array().unwrap().len(), 4);
    assert_eq!(answer["charter"]["warnings"], json!([]));
    assert_eq!(
        answer["charter"]["url"],
        "https://data.nantesmetropole.fr/pages/cookies/"
    );
}

#[test]
fn a_declared_cookie_the_page_never_set_is_reported() {
    let mut cookies = seed_cookies();
    cookies
        .as_array_mut()
        .unwrap()
        .retain(|c| c["name"] != "sessionid");
    let answer = classify_seed(cookies);
    assert_eq!(answer["summary"]["declaredNotSeen"], json!(["sessionid"]));
    assert_eq!(
        answer["summary"]["findings"],
        json!(["undeclared", "declared_not_seen"])
    );
}

#[test]
fn without_a_charter_nothing_is_declared() {
    let mut host = HostProcess::serve();
    let answer = host.ask(&json!({
        "type": "classify", "id": 1, "site": "https://data.nantesmetropole.fr/", "observedAt": NOW,
        "cookies": seed_cookies(),
    }));
    host.finish();
    assert_eq!(verdict(&answer, "sessionid")["basis"], "known");
    assert_eq!(
        verdict(&answer, "ndm_banner_seen")["findings"],
        json!(["no_charter"])
    );
    assert_eq!(
        verdict(&answer, "_ga")["findings"],
        json!(["no_charter", "statistics_not_exempt"])
    );
    assert_eq!(answer["summary"]["findings"], json!(["no_charter"]));
    assert_eq!(answer["charter"], Value::Null);
}

#[test]
fn the_seed_charter_parses_exactly() {
    let mut host = HostProcess::serve();
    let answer =
        host.ask(&json!({"type": "parse_charter", "id": 3, "format": "text", "content": seed_charter()}));
    host.finish();
    assert_eq!(answer["type"], "charter");
    let entries = answer["entries"].as_array().unwrap();
    let rows: Vec<(&str, &str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap(),
                e["category"].as_str().unwrap(),
                e["service"].as_str().unwrap(),
                e["purpose_text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "sessionid",
                "necessary",
                "Authentification (front et back office)",
                "Se souvenir de l'utilisateur d'une page à une autre."
            ),
            (
                "django_language",
                "necessary",
                "Sélection de la langue (front et back office)",
                "Se souvenir de la langue du visiteur"
            ),
            (
                "csrftoken",
                "necessary",
                "API (CSRF) (front et back office)",
                "Récupérer des données via des appels API"
            ),
            (
                "cookies_preferences",
                "necessary",
                "Choix concernant vos préférences sur les cookies",
                "Permet de se souvenir du choix opéré par le visiteur concernant les cookies"
            ),
        ]
    );
    assert!(entries
        .iter()
        .all(|e| e["provider"] == "Opendatasoft" && e["pattern"].is_null()));
    assert_eq!(answer["warnings"], json!([]));
}
