//! Structure of real policies: title, top-level sections, section numbers, table of
//! contents and labelled dates, checked against values read from each document by hand.
//!
//! The fixtures are verbatim copies of files from `../shared/corpus` (see
//! `tests/fixtures/corpus/SOURCES.md`). Every expectation here is what the document
//! really says, not what the parser happens to print. (Eight parser bugs these tests found
//! were fixed rather than the expectations loosened.)

mod common;

use std::path::PathBuf;

use common::{policy_dates, title, titled, titles};
use redline::ast::{DateRole, Document, Section, TocTarget};

/// Reads and parses `tests/fixtures/corpus/<name>`.
fn load(name: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name);
    let source = redline::source::read_source(&path, None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    redline::parse::parse(&source)
}

fn numbers(sections: &[Section]) -> Vec<Option<&str>> {
    sections
        .iter()
        .map(|s| s.number.as_ref().map(|n| n.text.as_str()))
        .collect()
}

/// Every section (pre-order) whose number is `number`.
fn numbered<'a>(doc: &'a Document, number: &str) -> &'a Section {
    doc.all_sections()
        .into_iter()
        .find(|s| s.number.as_ref().is_some_and(|n| n.text == number))
        .unwrap_or_else(|| panic!("no section numbered {number}"))
}

fn all_dates(doc: &Document) -> Vec<(String, DateRole)> {
    doc.metadata
        .dates
        .iter()
        .map(|d| (d.date.to_string(), d.role))
        .collect()
}

/// What each TOC entry resolves to: `"<title>"`, the target section's title, or `None`.
fn toc_targets(doc: &Document) -> Vec<Option<String>> {
    let all = doc.all_sections();
    let toc = doc.toc.as_ref().expect("document has a table of contents");
    toc.entries
        .iter()
        .map(|e| match e.target {
            Some(TocTarget::Title) => Some("<title>".to_string()),
            Some(TocTarget::Section { index }) => Some(all[index].title.clone()),
            None => None,
        })
        .collect()
}

fn all_some(titles: &[&str]) -> Vec<Option<String>> {
    titles.iter().map(|t| Some(t.to_string())).collect()
}

fn d(date: &str, role: DateRole) -> (String, DateRole) {
    (date.to_string(), role)
}

// ---------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------

#[test]
fn coffee_wallet_txt() {
    let doc = load("coffee-wallet-privacy.txt");
    assert_eq!(title(&doc), Some("Privacy Policy"));
    assert_eq!(
        titles(&doc.sections),
        [
            "Information Collection And Use",
            "Third Party Providers",
            "Camera Data",
            "Google AdMob service",
            "Changes to This Privacy Policy",
        ]
    );
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.number.is_none() && s.children.is_empty())
    );
    assert!(doc.toc.is_none());
    assert!(doc.metadata.dates.is_empty());
}

#[test]
fn mathdoku_txt_has_title_and_no_headings() {
    // "The following data is collected:" and the like introduce lists; none is a heading.
    let doc = load("mathdoku-privacy.txt");
    assert_eq!(title(&doc), Some("Mathdoku App Privacy Policy"));
    assert!(doc.sections.is_empty(), "{:?}", titles(&doc.sections));
    assert!(doc.toc.is_none());
    assert!(doc.metadata.dates.is_empty());
}

#[test]
fn verus_mobile_txt_has_no_title_no_headings() {
    // Starts straight with a sentence; tab-indented "•" items are not headings.
    let doc = load("verus-mobile-privacy.txt");
    assert_eq!(title(&doc), None);
    assert!(doc.sections.is_empty(), "{:?}", titles(&doc.sections));
    assert!(doc.toc.is_none());
    assert!(doc.metadata.dates.is_empty());
}

#[test]
fn activist_txt_effective_date_and_no_title() {
    // Line 1: "Effective Date: 11th of April, 2023"; the document has no title line.
    let doc = load("01-2023-04-18.txt");
    assert_eq!(title(&doc), None);
    assert_eq!(all_dates(&doc), [d("2023-04-11", DateRole::Effective)]);
    assert!(doc.toc.is_none());
}

#[test]
fn activist_txt_sections() {
    let doc = load("01-2023-04-18.txt");
    assert_eq!(
        titles(&doc.sections),
        [
            "Introduction",
            "Information We Collect",
            "How We Use Information",
            "Data Sharing and Third-Party Services",
            "Data Security and Breaches",
            "Your Rights",
        ]
    );
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.number.is_none())
    );
}

// ---------------------------------------------------------------------------------------
// Markdown, English
// ---------------------------------------------------------------------------------------

#[test]
fn basecamp_privacy_2023_structure() {
    let doc = load("07-2023-07-27.md");
    assert_eq!(title(&doc), Some("Privacy policy"));
    assert_eq!(
        titles(&doc.sections),
        [
            "What we collect and why",
            "When we access or disclose your information",
            "Your rights with respect to your information",
            "How we secure your data",
            "What happens when you delete content in your product accounts",
            "Data retention",
            "Location of site and data",
            "When transferring personal data from the EU",
            "Changes and questions",
        ]
    );
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.number.is_none())
    );
    let collect = &doc.sections[0];
    assert_eq!(
        titles(&collect.children),
        [
            "Identity and access",
            "Billing information",
            "Product interactions",
            "General Geolocation data",
            "Website interactions",
            "Anti-bot assessments",
            "Advertising and Cookies",
            "Voluntary correspondence",
            "How we approach mobile app permissions",
        ]
    );
    assert!(collect.children.iter().all(|c| c.level == 2));
    // "**To exclude you from seeing our ads.** Where ..." paragraphs are not headings.
    assert!(doc.sections[1..].iter().all(|s| s.children.is_empty()));
    assert_eq!(all_dates(&doc), [d("2023-04-20", DateRole::LastUpdated)]);
}

#[test]
fn basecamp_privacy_2023_anchor_toc() {
    let doc = load("07-2023-07-27.md");
    let toc = doc.toc.as_ref().expect("anchor-link TOC at lines 14-23");
    assert_eq!(toc.entries.len(), 10);
    assert_eq!(toc.entries[0].anchor.as_deref(), Some("privacy-policy"));
    let mut expected = vec![Some("<title>".to_string())];
    expected.extend(all_some(&[
        "What we collect and why",
        "When we access or disclose your information",
        "Your rights with respect to your information",
        "How we secure your data",
        "What happens when you delete content in your product accounts",
        "Data retention",
        "Location of site and data",
        "When transferring personal data from the EU",
        "Changes and questions",
    ]));
    assert_eq!(toc_targets(&doc), expected);
}

#[test]
fn basecamp_recruitment() {
    let doc = load("basecamp-recruitment-privacy.md");
    assert_eq!(title(&doc), Some("Recruitment Privacy policy"));
    assert_eq!(
        titles(&doc.sections),
        [
            "What we collect, where we store it, and how long we keep it",
            "Changes and questions",
        ]
    );
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.children.is_empty())
    );
    assert!(doc.toc.is_none());
    // "*Last updated: October 15, 2021*"
    assert_eq!(all_dates(&doc), [d("2021-10-15", DateRole::LastUpdated)]);
}

#[test]
fn github_ccpa_sections_numbers_and_date() {
    let doc = load("github-ccpa-notice.md");
    assert_eq!(
        titles(&doc.sections),
        [
            "GitHub's Notice to California Residents",
            "We do not sell your personal information",
            "Your rights under the CCPA",
            "Right to know what personal information is being collected, for what purposes and with whom it is shared",
            "Right to know whether your personal information is sold or disclosed for a business purpose and to whom",
            "Right to say no to the sale of your personal information",
            "Right to non-discrimination of service or price if you exercise your privacy rights",
            "Right to deletion",
            "Our Handling of Personal Information",
            "Exemptions under the CCPA",
        ]
    );
    assert_eq!(
        numbers(&doc.sections),
        [
            None,
            None,
            None,
            Some("1"),
            Some("2"),
            Some("3"),
            Some("4"),
            Some("5"),
            None,
            None
        ]
    );
    assert!(doc.sections.iter().all(|s| s.level == 1));
    assert!(doc.toc.is_none());
    // Line 10 "Effective January 1, 2020"; "December 31, 2020" (line 75) is an exemption
    // deadline, not a policy date.
    assert_eq!(policy_dates(&doc), [d("2020-01-01", DateRole::Effective)]);
    assert_eq!(
        all_dates(&doc),
        [
            d("2020-01-01", DateRole::Effective),
            d("2020-12-31", DateRole::Other)
        ]
    );
}

#[test]
fn github_ccpa_title_from_front_matter() {
    let doc = load("github-ccpa-notice.md");
    assert_eq!(
        title(&doc),
        Some("GitHub's Notice about the California Consumer Privacy Act")
    );
}

#[test]
fn mozilla_common_voice() {
    let doc = load("mozilla-common-voice-privacy-notice-en.md");
    assert_eq!(title(&doc), Some("Common Voice Privacy Notice"));
    assert_eq!(titles(&doc.sections), ["Privacy"]);
    assert!(doc.sections[0].children.is_empty());
    assert!(doc.toc.is_none());
    // 'Effective October 31, 2025 {: datetime="2025-10-31" }'
    assert_eq!(all_dates(&doc), [d("2025-10-31", DateRole::Effective)]);
}

#[test]
fn signal_dates_at_the_end() {
    let doc = load("ota-signal-privacy.md");
    // Lines 43 and 45: "Effective as of May 25, 2018" / "Updated May 25, 2018".
    assert_eq!(
        all_dates(&doc),
        [
            d("2018-05-25", DateRole::Effective),
            d("2018-05-25", DateRole::LastUpdated)
        ]
    );
    assert!(doc.toc.is_none());
}

#[test]
fn signal_bold_subheading() {
    // Line 24: a bold-only paragraph inside "### Information we may share".
    let doc = load("ota-signal-privacy.md");
    let share = titled(&doc, "Information we may share");
    assert_eq!(
        titles(&share.children),
        ["Other instances where Signal may need to share your data"]
    );
    assert_eq!(share.children[0].level, share.level + 1);
    // "**Account Information.** You register ..." paragraphs are not headings.
    assert!(titled(&doc, "Information you provide").children.is_empty());
}

#[test]
fn signal_title_and_sections() {
    let doc = load("ota-signal-privacy.md");
    assert_eq!(title(&doc), Some("Privacy Policy"));
    assert_eq!(
        titles(&doc.sections),
        [
            "Information you provide",
            "Information we may share",
            "Updates",
            "Terms",
            "Contact Us",
        ]
    );
    assert!(doc.sections.iter().all(|s| s.level == 1));
}

#[test]
fn tencent_sections_and_date() {
    let doc = load("ota-tencent-privacy.md");
    // OTA extract: no title line; the page starts with "_Last Updated: November 2021_".
    assert_eq!(title(&doc), None);
    assert_eq!(
        titles(&doc.sections),
        [
            "The Types of Personal Information We Use",
            "How We Use Your Personal Information",
            "How We Store and Share Your Personal Information",
            "The Security of Your Personal Information",
            "Data Retention",
            "Your Rights",
            "Contact & Complaints",
            "Changes",
        ]
    );
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.number.is_none())
    );
    assert_eq!(all_dates(&doc), [d("2021-11-01", DateRole::LastUpdated)]);
}

#[test]
fn tencent_on_this_page_toc() {
    let doc = load("ota-tencent-privacy.md");
    let toc = doc.toc.as_ref().expect("'On this page:' TOC at lines 3-14");
    assert_eq!(toc.entries.len(), 8);
    // The anchors (#The_Types_of_...) are not GitHub slugs; every entry resolves by title.
    assert_eq!(
        toc_targets(&doc),
        all_some(&[
            "The Types of Personal Information We Use",
            "How We Use Your Personal Information",
            "How We Store and Share Your Personal Information",
            "The Security of Your Personal Information",
            "Data Retention",
            "Your Rights",
            "Contact & Complaints",
            "Changes",
        ])
    );
}

#[test]
fn tencent_bold_subheadings_are_siblings() {
    let doc = load("ota-tencent-privacy.md");
    let types = &doc.sections[0];
    assert_eq!(
        titles(&types.children),
        ["Information you provide to us", "Cookie", "Children"]
    );
    assert!(
        types
            .children
            .iter()
            .all(|c| c.level == 2 && c.children.is_empty())
    );
}

// ---------------------------------------------------------------------------------------
// Numbered headings: Hetzner
// ---------------------------------------------------------------------------------------

#[test]
fn hetzner_section_numbers() {
    let doc = load("ota-hetzner-privacy.md");
    let main: Vec<(&str, &str)> = doc
        .all_sections()
        .into_iter()
        .filter_map(|s| {
            let n = s.number.as_ref()?;
            (n.parts.len() == 1).then_some((n.text.as_str(), s.title.as_str()))
        })
        .collect();
    assert_eq!(
        main,
        [
            ("1", "General information"),
            (
                "2",
                "Who is officially responsible for processing the data?"
            ),
            (
                "3",
                "Who can you contact if you have questions regarding data protection?"
            ),
            ("4", "How do we process your personal data?"),
            ("5", "What rights do I have when it comes to my data?"),
            (
                "6",
                "Making complaints to the relevant data protection authority"
            ),
            ("7", "Voluntary nature of data provision"),
            ("8", "General note"),
        ]
    );
    // "### 1\." : the escaped dot is not part of the title; all eight share one level.
    let levels: Vec<u8> = ["1", "2", "3", "4", "5", "6", "7", "8"]
        .iter()
        .map(|n| numbered(&doc, n).level)
        .collect();
    assert!(levels.windows(2).all(|w| w[0] == w[1]), "{levels:?}");

    // The #### subsections of 4 (link headings "[4.1 Applications](...)").
    let four = numbered(&doc, "4");
    let subs: Vec<(&str, &str)> = four
        .children
        .iter()
        .filter_map(|s| Some((s.number.as_ref()?.text.as_str(), s.title.as_str())))
        .collect();
    assert_eq!(
        subs,
        [
            ("4.1", "Applications"),
            ("4.2", "Chatbot \u{201e}Ask AI\u{201c}"),
            ("4.3", "Feedback"),
            ("4.4", "Forum"),
            ("4.5", "Prize Draws / Contests"),
            ("4.6", "Customer Account"),
            ("4.7", "Newsletter"),
            ("4.8", "Hetzner Status"),
            ("4.9", "Social Media"),
            ("4.10", "Events"),
            ("4.11", "Verification"),
            ("4.12", "Website"),
        ]
    );
    assert!(four.children.iter().all(|c| c.level == four.level + 1));
    let verification = numbered(&doc, "4.11");
    assert_eq!(
        numbers(&verification.children[..2]),
        [Some("4.11.1"), Some("4.11.2")]
    );
    let parts = &verification.children[0].number.as_ref().unwrap().parts;
    assert_eq!(parts.as_slice(), [4, 11, 1]);
    assert!(doc.toc.is_none());
}

#[test]
fn hetzner_title_and_top_level() {
    let doc = load("ota-hetzner-privacy.md");
    assert_eq!(title(&doc), Some("Privacy policy"));
    assert_eq!(
        numbers(&doc.sections),
        ["1", "2", "3", "4", "5", "6", "7", "8"].map(Some)
    );
    assert!(doc.sections.iter().all(|s| s.level == 1));
}

#[test]
fn hetzner_bold_subheadings_are_siblings() {
    let doc = load("ota-hetzner-privacy.md");
    let what = &numbered(&doc, "4.2").children[0];
    assert_eq!(
        what.title,
        "What data will be processed and how does it reach Hetzner?"
    );
    assert_eq!(titles(&what.children), ["General", "Cookies", "Log files"]);
    assert!(what.children.iter().all(|c| c.level == what.level + 1));
}

#[test]
fn hetzner_status_date_is_last_updated() {
    let doc = load("ota-hetzner-privacy.md");
    assert_eq!(policy_dates(&doc), [d("2025-04-16", DateRole::LastUpdated)]);
}

// ---------------------------------------------------------------------------------------
// German
// ---------------------------------------------------------------------------------------

#[test]
fn telegram_de_title_and_numbered_sections() {
    let doc = load("ota-telegram-privacy-de.md");
    assert_eq!(title(&doc), Some("Telegram Datenschutzerklärung"));
    assert_eq!(
        titles(&doc.sections),
        [
            "Einleitung",
            "Rechtsgrundlage für die Verarbeitung personenbezogener Daten",
            "Welche personenbezogenen Daten wir verarbeiten",
            "Schutz personenbezogener Daten",
            "Verarbeitung von personenbezogenen Daten",
            "Bot-Nachrichten",
            "Zahlungsdienste Dritter",
            "Mit wem deine personenbezogenen Daten geteilt werden können",
            "Deine Rechte in Bezug auf die personenbezogenen Daten, die wir verarbeiten",
            "Löschen von Daten",
            "Änderungen an dieser Datenschutzerklärung",
            "Weitere Informationen",
        ]
    );
    let expected: Vec<Option<String>> = (1..=12).map(|n| Some(n.to_string())).collect();
    let got: Vec<Option<String>> = numbers(&doc.sections)
        .into_iter()
        .map(|n| n.map(str::to_string))
        .collect();
    assert_eq!(got, expected);
    assert!(doc.sections.iter().all(|s| s.level == 1));
    let intro = &doc.sections[0];
    assert_eq!(
        titles(&intro.children),
        [
            "Datenschutzgrundsätze",
            "Nutzungsbedingungen",
            "Inhaltsverzeichnis",
            "EWR-Vertreter"
        ]
    );
    assert_eq!(
        numbers(&intro.children),
        [Some("1.1"), Some("1.2"), Some("1.3"), Some("1.4")]
    );
    assert!(intro.children.iter().all(|c| c.level == 2));
    // "[](#1-einleitung)" anchors are kept.
    assert!(intro.anchors.iter().any(|a| a == "1-einleitung"));
}

#[test]
fn telegram_de_inhaltsverzeichnis_toc() {
    let doc = load("ota-telegram-privacy-de.md");
    let toc = doc
        .toc
        .as_ref()
        .expect("TOC under '1.3. Inhaltsverzeichnis'");
    assert_eq!(toc.entries.len(), 6);
    // Every entry links to a section anchor; they point at sections 2, 3, 4, 5, 8, 9.
    let all = doc.all_sections();
    let targets: Vec<Option<&str>> = toc
        .entries
        .iter()
        .map(|e| match e.target {
            Some(TocTarget::Section { index }) => {
                all[index].number.as_ref().map(|n| n.text.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        ["2", "3", "4", "5", "8", "9"].map(Some),
        "{:?}",
        toc.entries
    );
}

#[test]
fn telegram_de_changelog_dates_are_not_policy_dates() {
    // The change log under section 11 ("**25\. März 2019**" ... "**21\. August 2026**") has
    // bold dates with no label; they are not headings and not a last-updated label.
    let doc = load("ota-telegram-privacy-de.md");
    assert!(policy_dates(&doc).is_empty(), "{:?}", policy_dates(&doc));
    let dates: Vec<String> = doc
        .metadata
        .dates
        .iter()
        .map(|d| d.date.to_string())
        .collect();
    for day in [
        "2019-03-25",
        "2021-03-24",
        "2021-10-26",
        "2022-06-19",
        "2022-09-08",
        "2022-02-03",
        "2023-04-24",
        "2024-03-31",
        "2024-09-23",
        "2024-09-29",
        "2026-08-21",
    ] {
        assert!(dates.iter().any(|x| x == day), "{day} missing: {dates:?}");
    }
    let changes = numbered(&doc, "11");
    assert!(changes.children.is_empty());
}

#[test]
fn nettailor_de_structure_and_stand_date() {
    let doc = load("nettailor-datenschutz-de.md");
    assert_eq!(title(&doc), Some("Datenschutzerklärung"));
    assert_eq!(
        titles(&doc.sections),
        [
            "Einleitung",
            "Inhaltsübersicht",
            "Verantwortlicher",
            "Übersicht der Verarbeitungen",
            "Sicherheitsmaßnahmen",
            "Bereitstellung des Onlineangebotes und Webhosting",
            "Kontaktaufnahme",
            "Präsenzen in sozialen Netzwerken (Social Media)",
            "Plugins und eingebettete Funktionen sowie Inhalte",
            "Löschung von Daten",
            "Änderung und Aktualisierung der Datenschutzerklärung",
            "Rechte der betroffenen Personen",
            "Begriffsdefinitionen",
        ]
    );
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.number.is_none())
    );
    assert_eq!(
        titles(&doc.sections[3].children),
        [
            "Arten der verarbeiteten Daten",
            "Kategorien betroffener Personen",
            "Zwecke der Verarbeitung",
            "Maßgebliche Rechtsgrundlagen",
        ]
    );
    // "**Eingesetzte Dienste und Diensteanbieter:**" ends with ':' and is not a heading.
    assert!(doc.sections[5].children.is_empty());
    // Line 13 "Stand: 28. April 2021".
    assert_eq!(all_dates(&doc), [d("2021-04-28", DateRole::LastUpdated)]);
}

#[test]
fn nettailor_de_inhaltsuebersicht_toc() {
    let doc = load("nettailor-datenschutz-de.md");
    let toc = doc.toc.as_ref().expect("TOC under 'Inhaltsübersicht'");
    assert_eq!(toc.entries.len(), 13);
    // The #m14-style anchors do not exist in the Markdown; every entry resolves by title
    // ("Maßgebliche Rechtsgrundlagen" is a ### subsection).
    assert_eq!(
        toc_targets(&doc),
        all_some(&[
            "Einleitung",
            "Verantwortlicher",
            "Übersicht der Verarbeitungen",
            "Maßgebliche Rechtsgrundlagen",
            "Sicherheitsmaßnahmen",
            "Bereitstellung des Onlineangebotes und Webhosting",
            "Kontaktaufnahme",
            "Präsenzen in sozialen Netzwerken (Social Media)",
            "Plugins und eingebettete Funktionen sowie Inhalte",
            "Löschung von Daten",
            "Änderung und Aktualisierung der Datenschutzerklärung",
            "Rechte der betroffenen Personen",
            "Begriffsdefinitionen",
        ])
    );
}

// ---------------------------------------------------------------------------------------
// French
// ---------------------------------------------------------------------------------------

#[test]
fn mozilla_websites_fr() {
    let doc = load("mozilla-websites-privacy-notice-fr.md");
    assert_eq!(
        title(&doc),
        Some(
            "Politique de confidentialité relative aux sites Web, aux communications et aux cookies"
        )
    );
    // One real heading; the "-----" lines (28, 47, 68, 77) follow a blank line and are
    // thematic breaks, not setext underlines.
    assert_eq!(titles(&doc.sections), ["Ce que vous devez savoir"]);
    assert!(doc.sections[0].children.is_empty());
    assert!(doc.toc.is_none());
    // Line 3: "5 novembre 2025" alone under the title.
    assert_eq!(all_dates(&doc), [d("2025-11-05", DateRole::Byline)]);
}

#[test]
fn tchap_fr_title_count_and_subsections() {
    let doc = load("ota-tchap-privacy-fr.md");
    assert_eq!(title(&doc), Some("Politique de confidentialité"));
    assert_eq!(doc.sections.len(), 11);
    assert!(doc.sections.iter().all(|s| s.level == 1));
    let base = &doc.sections[2];
    assert_eq!(
        titles(&base.children),
        [
            "Données relatives au profil",
            "Données de contenus du service de messagerie instantanée",
            "Données de connexion",
        ]
    );
    assert_eq!(
        numbers(&base.children),
        [Some("3.1"), Some("3.2"), Some("3.3")]
    );
    assert!(doc.toc.is_none());
    // Only law and decree dates ("du 6 janvier 1978", "du 21 juin 2004", ...).
    assert!(policy_dates(&doc).is_empty(), "{:?}", policy_dates(&doc));
}

#[test]
fn tchap_fr_sections() {
    let doc = load("ota-tchap-privacy-fr.md");
    assert_eq!(
        titles(&doc.sections),
        [
            "Données à caractère personnel traitées",
            "Finalités",
            "Base légale",
            "Durée de conservation",
            "Destinataires",
            "Sous-traitants",
            "Accès à la liste des contacts locaux du téléphone",
            "Cookies",
            "Sécurité",
            "Exercice des droits à la protection des données à caractère personnel",
            "Contact",
        ]
    );
    let expected: Vec<Option<String>> = (1..=11).map(|n| Some(n.to_string())).collect();
    let got: Vec<Option<String>> = numbers(&doc.sections)
        .into_iter()
        .map(|n| n.map(str::to_string))
        .collect();
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------------------------------
// Chinese
// ---------------------------------------------------------------------------------------

#[test]
fn omp_zh_title_date_and_numbers() {
    let doc = load("omp-privacy-zh-CN.md");
    assert_eq!(title(&doc), Some("OMP 隐私政策"));
    // "**生效日期：[2025年6月3日]**" (CRLF file)
    assert_eq!(all_dates(&doc), [d("2025-06-03", DateRole::Effective)]);
    // The bold "**1. ...**" to "**10. ...**" paragraphs are headings, numbered 1-10.
    let all: Vec<(Option<&str>, &str)> = doc
        .all_sections()
        .into_iter()
        .map(|s| (s.number.as_ref().map(|n| n.text.as_str()), s.title.as_str()))
        .collect();
    assert_eq!(
        all,
        [
            (Some("1"), "我们不收集您的个人信息"),
            (Some("2"), "数据的使用与授权"),
            (Some("3"), "数据的存储"),
            (Some("4"), "微软 OneDrive 的隐私政策"),
            (Some("5"), "Cookies 和浏览器本地存储技术"),
            (Some("6"), "数据安全"),
            (Some("7"), "第三方服务"),
            (Some("8"), "儿童隐私"),
            (Some("9"), "本隐私政策的变更"),
            (Some("10"), "联系我们"),
        ]
    );
    assert!(doc.toc.is_none());
}

#[test]
fn omp_zh_top_level_sections() {
    let doc = load("omp-privacy-zh-CN.md");
    assert_eq!(doc.sections.len(), 10);
    let expected: Vec<Option<String>> = (1..=10).map(|n| Some(n.to_string())).collect();
    let got: Vec<Option<String>> = numbers(&doc.sections)
        .into_iter()
        .map(|n| n.map(str::to_string))
        .collect();
    assert_eq!(got, expected);
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.children.is_empty())
    );
}

const SIEVE_HEADINGS: [&str; 6] = [
    "信息收集和使用",
    "应用权限",
    "订阅处理",
    "数据使用",
    "隐私政策的变更",
    "联系我们",
];

#[test]
fn sieve_zh_effective_date_and_bold_headings() {
    let doc = load("sieve-privacy-zh-CN.md");
    // Line 3: "**生效日期：** 2024-07-15"
    assert_eq!(all_dates(&doc), [d("2024-07-15", DateRole::Effective)]);
    // The six bold-only lines are headings; "**我们需要此权限的原因**：..." (line 24) and
    // "**订阅文件安全性**：..." (line 33) are paragraphs.
    let all: Vec<&str> = doc
        .all_sections()
        .into_iter()
        .map(|s| s.title.as_str())
        .filter(|t| *t != "Sieve 隐私政策")
        .collect();
    assert_eq!(all, SIEVE_HEADINGS);
    assert!(doc.toc.is_none());
}

#[test]
fn sieve_zh_title() {
    let doc = load("sieve-privacy-zh-CN.md");
    assert_eq!(title(&doc), Some("Sieve 隐私政策"));
}

#[test]
fn sieve_zh_bold_headings_are_siblings() {
    let doc = load("sieve-privacy-zh-CN.md");
    let levels: Vec<u8> = SIEVE_HEADINGS
        .iter()
        .map(|t| titled(&doc, t).level)
        .collect();
    assert!(levels.windows(2).all(|w| w[0] == w[1]), "{levels:?}");
}

#[test]
fn sieve_zh_sections() {
    let doc = load("sieve-privacy-zh-CN.md");
    assert_eq!(titles(&doc.sections), SIEVE_HEADINGS);
    assert!(
        doc.sections
            .iter()
            .all(|s| s.level == 1 && s.children.is_empty())
    );
}

/// `parse_with_dates` hands its date candidates to `analyze_with_dates` so that a check
/// scans for dates once, not twice. That is only right if they equal what a second scan
/// of the finished document finds, which is what `analyze` does. Checked on every corpus,
/// HTML and text fixture, among them text files whose front end records date lines
/// itself (the path where the two scans could differ).
#[test]
fn dates_found_while_parsing_equal_a_second_scan() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .build()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| {
            path.extension()
                .is_some_and(|e| ["md", "txt", "html"].contains(&e.to_str().unwrap_or("")))
        })
        .collect();
    files.sort();
    let (mut candidates, mut recorded_by_front_end) = (0, 0);
    for path in &files {
        let Ok(source) = redline::source::read_source(path, None) else {
            continue;
        };
        let (doc, found) = redline::parse::parse_with_dates(&source);
        let again = redline::analyze::dates::find_all(&doc);
        assert_eq!(found, again, "{}", path.display());
        candidates += found.len();
        // A date line the text front end took out of the body (no body text covers it).
        let body = doc.body_text();
        recorded_by_front_end += found
            .iter()
            .filter(|c| source.format == redline::ast::Format::Text && !body.contains(&c.text))
            .count();
    }
    // 117 fixtures, 142 candidates, 12 of them in text date lines when this was written.
    assert!(files.len() >= 117, "only {} fixtures", files.len());
    assert!(candidates >= 142, "only {candidates} date candidates");
    assert!(recorded_by_front_end >= 12, "only {recorded_by_front_end}");
}
