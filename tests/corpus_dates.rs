//! The policy date of every Markdown, text and HTML document in `../shared/corpus` (`docs` and
//! `history`), as a person reads it from the document: the newest last-updated, effective
//! or byline date, and its role (the date `stale-policy` measures). Documents that state no
//! policy date are listed with `None`, so that a date found where there is none fails too.
//!
//! The values were read from the documents, not from redline's output. Where a reading
//! needed judgement, a comment says why.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use redline::ast::DateRole::{self, Byline, Effective, LastUpdated};

use common::{policy_files, shared_corpus};

/// `(path under ../shared/corpus, newest policy date and its role)`.
const EXPECTED: &[(&str, Option<(&str, DateRole)>)] = &[
    // ---- docs
    // "This privacy policy is effective as of 2025-06-12." near the end of the page.
    (
        "docs/akilimo-privacy-policy.html",
        Some(("2025-06-12", Effective)),
    ),
    // Only "In March 2021 we began rolling out a new CMP": an event, not the policy's date.
    ("docs/automattic-cookie-policy.md", None),
    ("docs/automattic-visitors-privacy-notice.md", None),
    // "California Privacy Rights Act of 2020" names a law; the notice has no date line.
    ("docs/basecamp-ccpa-notice.md", None),
    (
        "docs/basecamp-recruitment-privacy.md",
        Some(("2021-10-15", LastUpdated)),
    ),
    ("docs/coffee-wallet-privacy.txt", None),
    // "Last Updated: December 2025" at the top; the California, Canada and EU addenda
    // carry their own older "Last updated" months (June 2025, October 2023).
    (
        "docs/github-candidate-privacy-policy.md",
        Some(("2025-12-01", LastUpdated)),
    ),
    // "Effective January 1, 2020"; "until and including December 31, 2020" is an exemption.
    (
        "docs/github-ccpa-notice.md",
        Some(("2020-01-01", Effective)),
    ),
    ("docs/mathdoku-privacy.txt", None),
    // `<p datetime="2026-02-10">Gültig ab 10. Februar 2026</p>` under the title.
    (
        "docs/mozilla-accounts-privacy-notice-de.html",
        Some(("2026-02-10", Effective)),
    ),
    (
        "docs/mozilla-accounts-privacy-notice-en.html",
        Some(("2026-02-10", Effective)),
    ),
    (
        "docs/mozilla-common-voice-privacy-notice-en.md",
        Some(("2025-10-31", Effective)),
    ),
    // "August  26, 2015" alone under the title, with no label: a byline date.
    (
        "docs/mozilla-firefox-os-privacy-notice-en.md",
        Some(("2015-08-26", Byline)),
    ),
    (
        "docs/mozilla-firefox-privacy-notice-en.md",
        Some(("2026-05-04", Effective)),
    ),
    // "2026 年 5 月 4 日生效": the label follows the date.
    (
        "docs/mozilla-firefox-privacy-notice-zh-CN.md",
        Some(("2026-05-04", Effective)),
    ),
    // "発効日 2025 年 4 月 22 日".
    (
        "docs/mozilla-focus-privacy-notice-ja.md",
        Some(("2025-04-22", Effective)),
    ),
    // "*2024 年 4 月 3 日起生效*": "effective from", the label after the date.
    (
        "docs/mozilla-pocket-privacy-policy-zh-TW.md",
        Some(("2024-04-03", Effective)),
    ),
    (
        "docs/mozilla-thunderbird-privacy-policy-en.md",
        Some(("2025-05-09", LastUpdated)),
    ),
    // "5 novembre 2025" alone under the title.
    (
        "docs/mozilla-websites-privacy-notice-fr.md",
        Some(("2025-11-05", Byline)),
    ),
    // "Stand: 28. April 2021".
    (
        "docs/nettailor-datenschutz-de.md",
        Some(("2021-04-28", LastUpdated)),
    ),
    // "**生效日期：[2025年6月3日]**": a filled-in template, brackets kept.
    ("docs/omp-privacy-zh-CN.md", Some(("2025-06-03", Effective))),
    // "Date de dernière mise à jour : XX mars 2025": the day is a placeholder (invalid-date
    // reports it); the month is still stated, so the policy dates from March 2025.
    (
        "docs/ota-bershka-privacy-fr.md",
        Some(("2025-03-01", LastUpdated)),
    ),
    // "Stand: Juni 2021" at the end.
    (
        "docs/ota-finya-privacy-de.md",
        Some(("2021-06-01", LastUpdated)),
    ),
    // "Dernière mise à jour ​​​: le ​​​​2 Juin 2021", with zero-width spaces.
    (
        "docs/ota-g7-privacy-fr.md",
        Some(("2021-06-02", LastUpdated)),
    ),
    // "Effective Date: The earlier of 2024-12-23 or user acknowledgment."
    (
        "docs/ota-grindr-privacy.md",
        Some(("2024-12-23", Effective)),
    ),
    // "Last Updated: 3/11/2025": a US company (San Francisco) writing month first, so
    // March 11, 2025; in English text the date is ambiguous (ambiguous-date warns) and
    // redline takes the month-first reading.
    ("docs/ota-her-privacy.md", Some(("2025-03-11", LastUpdated))),
    // "**Status: April 16, 2025**" at the very end.
    (
        "docs/ota-hetzner-privacy.md",
        Some(("2025-04-16", LastUpdated)),
    ),
    // "Diese Datenschutzbestimmungen gelten ab 01.02.2026": a dotted date, day first.
    (
        "docs/ota-lovescout24-privacy-de.md",
        Some(("2026-02-01", Effective)),
    ),
    (
        "docs/ota-mullvad-privacy.md",
        Some(("2025-07-10", LastUpdated)),
    ),
    // "Version 8.0 | July 23, 2025" under the title: the date of this version.
    (
        "docs/ota-opay-privacy.md",
        Some(("2025-07-23", LastUpdated)),
    ),
    // "Effective as of May 25, 2018" then "Updated May 25, 2018": the same day; the first
    // mention wins.
    (
        "docs/ota-signal-privacy.md",
        Some(("2018-05-25", Effective)),
    ),
    // Only dates of laws and decrees ("décret n° 2021-1362 du 20 octobre 2021").
    ("docs/ota-tchap-privacy-fr.md", None),
    // No date line; section 11 is a change log ("**25\. März 2019**" ... "**21\. August
    // 2026**"), whose entries are history, not a declared date of this text.
    ("docs/ota-telegram-privacy-de.md", None),
    (
        "docs/ota-tencent-privacy.md",
        Some(("2021-11-01", LastUpdated)),
    ),
    // "Page last updated: August 8, 2019 ([view history](...))".
    (
        "docs/ota-tildes-privacy.md",
        Some(("2019-08-08", LastUpdated)),
    ),
    // Only "decree of May 29, 2020".
    ("docs/ota-tousanticovid-privacy.md", None),
    (
        "docs/ota-tumblr-privacy.md",
        Some(("2026-06-03", LastUpdated)),
    ),
    // Only the GDPR's dates ("27 April 2016", "with effect as of 25 May 2018").
    ("docs/ota-uschovna-privacy.md", None),
    // "Date de la dernière mise à jour : 02/02/2023": both readings agree.
    (
        "docs/ota-vinted-privacy-fr.md",
        Some(("2023-02-02", LastUpdated)),
    ),
    (
        "docs/ota-wechat-privacy.md",
        Some(("2026-08-06", LastUpdated)),
    ),
    (
        "docs/sieve-privacy-zh-CN.md",
        Some(("2024-07-15", Effective)),
    ),
    ("docs/verus-mobile-privacy.txt", None),
    // ---- history
    (
        "history/activist-privacy-txt/01-2023-04-18.txt",
        Some(("2023-04-11", Effective)),
    ),
    (
        "history/activist-privacy-txt/02-2023-04-23.txt",
        Some(("2023-04-11", Effective)),
    ),
    (
        "history/activist-privacy-txt/03-2023-08-28.txt",
        Some(("2023-08-28", LastUpdated)),
    ),
    // Automattic: no date line in any version; 01, 02, 05 and 06 end with a change log.
    ("history/automattic-privacy-policy/01-2014-11-21.md", None),
    ("history/automattic-privacy-policy/02-2018-01-04.md", None),
    ("history/automattic-privacy-policy/03-2018-05-14.md", None),
    ("history/automattic-privacy-policy/04-2019-12-31.md", None),
    ("history/automattic-privacy-policy/05-2021-01-05.md", None),
    ("history/automattic-privacy-policy/06-2022-12-30.md", None),
    ("history/automattic-privacy-policy/07-2023-11-02.md", None),
    ("history/automattic-privacy-policy/08-2025-12-11.md", None),
    ("history/basecamp-privacy/01-2018-05-14.md", None),
    (
        "history/basecamp-privacy/02-2018-05-25.md",
        Some(("2018-05-24", LastUpdated)),
    ),
    (
        "history/basecamp-privacy/03-2020-04-10.md",
        Some(("2020-04-13", LastUpdated)),
    ),
    // "was in effect until September 8, 2020" is about the Swiss-US Privacy Shield.
    (
        "history/basecamp-privacy/04-2021-03-04.md",
        Some(("2021-03-04", LastUpdated)),
    ),
    (
        "history/basecamp-privacy/05-2022-05-18.md",
        Some(("2022-02-10", LastUpdated)),
    ),
    // "*Last updated: [July 18, 2022](https://...)*": the date is a link.
    (
        "history/basecamp-privacy/06-2022-07-11.md",
        Some(("2022-07-18", LastUpdated)),
    ),
    (
        "history/basecamp-privacy/07-2023-07-27.md",
        Some(("2023-04-20", LastUpdated)),
    ),
    (
        "history/github-privacy-statement/01-2017-06-09.md",
        Some(("2017-01-26", Effective)),
    ),
    (
        "history/github-privacy-statement/02-2018-05-29.md",
        Some(("2018-05-25", Effective)),
    ),
    (
        "history/github-privacy-statement/03-2019-03-14.md",
        Some(("2019-04-19", Effective)),
    ),
    (
        "history/github-privacy-statement/04-2019-12-20.md",
        Some(("2019-12-20", Effective)),
    ),
    (
        "history/github-privacy-statement/05-2020-11-23.md",
        Some(("2020-12-19", Effective)),
    ),
    (
        "history/github-privacy-statement/06-2022-09-01.md",
        Some(("2022-09-01", Effective)),
    ),
    (
        "history/github-privacy-statement/07-2023-12-27.md",
        Some(("2023-10-10", Effective)),
    ),
    (
        "history/github-privacy-statement/08-2024-04-17.md",
        Some(("2024-02-01", Effective)),
    ),
    // "15.04.14" alone under the title: dd.mm.yy.
    (
        "history/mozilla-firefox-privacy-notice-de/01-2014-09-30.md",
        Some(("2014-04-15", Byline)),
    ),
    (
        "history/mozilla-firefox-privacy-notice-de/02-2017-09-22.md",
        Some(("2017-09-28", Effective)),
    ),
    // "Gültig ab Dienstag, 4. Juni 2019".
    (
        "history/mozilla-firefox-privacy-notice-de/03-2019-05-31.md",
        Some(("2019-06-04", Effective)),
    ),
    // "Gültig ab 30.\u{a0}September 2021": a no-break space after the day.
    (
        "history/mozilla-firefox-privacy-notice-de/04-2021-11-10.md",
        Some(("2021-09-30", Effective)),
    ),
    (
        "history/mozilla-firefox-privacy-notice-de/05-2023-10-31.md",
        Some(("2023-11-01", Effective)),
    ),
    (
        "history/mozilla-firefox-privacy-notice-de/06-2025-02-24.md",
        Some(("2025-02-25", Effective)),
    ),
    (
        "history/mozilla-firefox-privacy-notice-de/07-2025-12-17.md",
        Some(("2025-12-17", Effective)),
    ),
    // The three Nebulo app pages state no date at all.
    (
        "history/nebulo-privacy-policy-html/01-2019-05-15.html",
        None,
    ),
    (
        "history/nebulo-privacy-policy-html/02-2019-07-27.html",
        None,
    ),
    (
        "history/nebulo-privacy-policy-html/03-2019-10-12.html",
        None,
    ),
    // "Last revised 10-JUN-2021" at the end.
    (
        "history/ota-bitwarden-privacy/01-2021-09-27.md",
        Some(("2021-06-10", LastUpdated)),
    ),
    (
        "history/ota-bitwarden-privacy/02-2022-06-15.md",
        Some(("2021-06-10", LastUpdated)),
    ),
    (
        "history/ota-bitwarden-privacy/03-2023-10-17.md",
        Some(("2023-10-16", LastUpdated)),
    ),
    (
        "history/ota-bitwarden-privacy/04-2024-04-19.md",
        Some(("2023-10-16", LastUpdated)),
    ),
    // "Last revised APRIL-2024".
    (
        "history/ota-bitwarden-privacy/05-2025-07-03.md",
        Some(("2024-04-01", LastUpdated)),
    ),
    // Decathlon: no date anywhere in any version.
    ("history/ota-decathlon-privacy-fr/01-2022-02-23.md", None),
    ("history/ota-decathlon-privacy-fr/02-2023-02-03.md", None),
    ("history/ota-decathlon-privacy-fr/03-2024-04-22.md", None),
    ("history/ota-decathlon-privacy-fr/04-2024-08-27.md", None),
    ("history/ota-decathlon-privacy-fr/05-2025-07-30.md", None),
    ("history/ota-decathlon-privacy-fr/06-2025-10-23.md", None),
    ("history/ota-decathlon-privacy-fr/07-2025-11-18.md", None),
    // "Effective September 12, 2021. Last Revised August 12, 2021".
    (
        "history/ota-reddit-privacy/01-2022-07-11.md",
        Some(("2021-09-12", Effective)),
    ),
    // "Effective December 15, 2022. Last Revised November 15, 2022."; the banner's "the
    // version effective until December 15, 2022" dates the previous version.
    (
        "history/ota-reddit-privacy/02-2022-11-15.md",
        Some(("2022-12-15", Effective)),
    ),
    (
        "history/ota-reddit-privacy/03-2023-08-01.md",
        Some(("2023-07-31", Effective)),
    ),
    (
        "history/ota-reddit-privacy/04-2024-02-16.md",
        Some(("2024-02-15", Effective)),
    ),
    (
        "history/ota-reddit-privacy/05-2024-08-17.md",
        Some(("2024-08-16", Effective)),
    ),
    // "Effective: June 28, 2025. Last Revised: May 29, 2025.": announced ahead.
    (
        "history/ota-reddit-privacy/06-2025-06-02.md",
        Some(("2025-06-28", Effective)),
    ),
    (
        "history/ota-reddit-privacy/07-2026-01-15.md",
        Some(("2026-01-06", Effective)),
    ),
    // "This version of our privacy statement took effect October 9th, 2019."
    (
        "history/privacyguides-privacy-policy/01-2020-12-04.md",
        Some(("2019-10-09", Effective)),
    ),
    (
        "history/privacyguides-privacy-policy/02-2022-04-05.md",
        Some(("2022-04-04", Effective)),
    ),
    (
        "history/privacyguides-privacy-policy/03-2022-05-02.md",
        None,
    ),
    (
        "history/privacyguides-privacy-policy/04-2023-10-11.md",
        None,
    ),
    (
        "history/privacyguides-privacy-policy/05-2024-11-05.md",
        None,
    ),
    // "This version of Privacy Guides' privacy notice took effect on March 4, 2025."
    (
        "history/privacyguides-privacy-policy/06-2025-03-04.md",
        Some(("2025-03-04", Effective)),
    ),
    (
        "history/privacyguides-privacy-policy/07-2025-09-24.md",
        Some(("2025-09-24", Effective)),
    ),
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn newest(path: &Path) -> Option<(String, DateRole)> {
    let source = redline::source::read_source(path, None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = redline::parse::parse(&source);
    redline::analyze::dates::newest_policy_date(&doc, today()).map(|d| (d.date.to_string(), d.role))
}

#[test]
fn newest_policy_date_of_every_corpus_document() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let files: Vec<String> = ["docs", "history"]
        .iter()
        .flat_map(|d| policy_files(&corpus.join(d)))
        .map(|p| {
            p.strip_prefix(&corpus)
                .expect("under the corpus")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let listed: Vec<&str> = EXPECTED.iter().map(|(p, _)| *p).collect();
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|f| !listed.contains(&f.as_str()))
        .collect();
    assert!(
        unlisted.is_empty(),
        "corpus documents missing from the table: {unlisted:?}"
    );
    let gone: Vec<&&str> = listed
        .iter()
        .filter(|p| !files.iter().any(|f| f == *p))
        .collect();
    assert!(
        gone.is_empty(),
        "table rows with no corpus document: {gone:?}"
    );

    let mut wrong = Vec::new();
    for (path, expected) in EXPECTED {
        let got = newest(&corpus.join(path));
        let expected = expected.map(|(d, r)| (d.to_string(), r));
        if got != expected {
            wrong.push(format!("{path}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "wrong policy dates:\n{}",
        wrong.join("\n")
    );
    assert_eq!(EXPECTED.len(), files.len());
}
