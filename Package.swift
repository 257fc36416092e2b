// swift-tools-version: 6.1
//
// Vigie: a news-monitoring daemon. Linux only: the sources import Glibc unconditionally and use Linux interfaces
// (sigwaitinfo, pthread_sigmask per thread, sd_notify sockets), so no `platforms:` entry claims otherwise.
// Modules, top-down (each depends only on those below it):
//
//   vigie (executable: CLI subcommands)
//     VigieDaemon   (the loop and the schedule only: wires the stages below together, injected clocks)
//     VigieSystemd  (sd_notify, watchdog pacing, signals received without a start-up race, stderr/journald logging
//                    with a level that changes at run time)
//     VigiePipeline (one feed's poll as values: fetch result -> feed -> matches -> stories -> new alerts; no I/O,
//                    no clock)
//     VigieConfig   (every TOML file read once, into values: vigie.toml, watchlists; every problem as
//                    file:line:column: key: message; the only module that depends on TOMLKit)
//     VigieFetch    (libcurl multi fetcher: many feeds at once, conditional GET, limits)
//     VigieStore    (SQLite state through GRDB, the JSON Lines alert log, exactly-once delivery)
//     VigieWatch    (watchlist values, text normaliser, phrase automaton, matcher; pure: no TOML, no files; values
//                    and text in, matches out)
//     VigieStories  (story fingerprints, the candidate indexes, the join-or-open decision; pure: items in,
//                    story assignments out)
//     VigieDeliver  (one delivery to one sink: webhook (Standard Webhooks signature), Slack/Mattermost, ntfy, exec;
//                    the HTTP answer classified as delivered / retry / permanent / disable; libcurl, swift-crypto)
//     VigieMetrics  (the daemon's Prometheus metrics: poll and cycle values in, text exposition out, written to
//                    metrics_file by rename; swift-prometheus)
//     VigieLogReader (reads the alert log and its rotations, plain and gzip, oldest first; filters its lines, renders
//                    them as a table, follows the live log across rotations; zlib)
//     VigieFeeds    (feed model + libxml2 parser, article identity; pure: bytes in, values out)
//       CLibXML2, CCurl, CCurlShims, CZlib (C bindings), VigieJSON (ordered JSON output),
//       VigieSync (a lock ThreadSanitizer can see)
import PackageDescription

let package = Package(
    name: "Vigie",
    products: [
        .executable(name: "vigie", targets: ["vigie"]),
        .library(name: "VigieFeeds", targets: ["VigieFeeds"]),
        .library(name: "VigieFetch", targets: ["VigieFetch"]),
        .library(name: "VigieWatch", targets: ["VigieWatch"]),
        .library(name: "VigieConfig", targets: ["VigieConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // 1.11.0 introduced LogEvent and LogHandler.log(event:), which StderrLogHandler implements.
        .package(url: "https://github.com/apple/swift-log", from: "1.11.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // HMAC-SHA256 for signed webhooks (Standard Webhooks): BoringSSL's, not a hand-written one.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The metrics file's text exposition. 2.4.1: the release whose label escaping the VigieMetrics tests check.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C bindings
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurlShims", dependencies: ["CCurl"]),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // Pure modules
        .target(name: "VigieJSON"),
        .target(name: "VigieSync"),
        .target(name: "VigieFeeds", dependencies: ["CLibXML2", "VigieJSON"]),
        .target(name: "VigieFetch", dependencies: ["CCurl", "CCurlShims"]),
        .target(
            name: "VigieStore",
            dependencies: ["VigieSync", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "VigieWatch", dependencies: ["VigieJSON"]),
        .target(name: "VigieStories"),
        .target(name: "VigieLogReader", dependencies: ["CZlib"]),
        .target(
            name: "VigieMetrics",
            dependencies: ["VigieSync", .product(name: "Prometheus", package: "swift-prometheus")]
        ),
        .target(
            name: "VigieDeliver",
            dependencies: [
                "CCurl", "CCurlShims", "VigieFetch", "VigieJSON", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "VigieConfig",
            dependencies: ["VigieFeeds", "VigieFetch", "VigieWatch", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(
            name: "VigiePipeline",
            dependencies: ["VigieFeeds", "VigieFetch", "VigieJSON", "VigieStore", "VigieStories", "VigieWatch"]
        ),
        .target(
            name: "VigieSystemd",
            dependencies: ["VigieSync", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "VigieDaemon",
            dependencies: [
                "VigieConfig", "VigieDeliver", "VigieFeeds", "VigieFetch", "VigieMetrics", "VigiePipeline",
                "VigieStore", "VigieStories",
                "VigieSync", "VigieSystemd", "VigieWatch",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The executable
        .executableTarget(
            name: "vigie",
            dependencies: [
                "VigieFeeds",
                "VigieFetch",
                "VigieConfig",
                "VigieDaemon",
                "VigieSystemd",
                "VigieWatch",
                "VigieStories",
                "VigieStore",
                "VigieDeliver",
                "VigieJSON",
                "VigieSync",
                "VigieLogReader",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests: one target per module
        .testTarget(name: "VigieJSONTests", dependencies: ["VigieJSON"]),
        .testTarget(name: "VigieSyncTests", dependencies: ["VigieSync"]),
        .testTarget(name: "VigieFeedsTests", dependencies: ["VigieFeeds", "VigieTestSupport"]),
        .target(name: "VigieTestSupport", path: "Tests/VigieTestSupport"),
        // VigieFeeds only to check that a body cut short by a hostile server still parses.
        .testTarget(
            name: "VigieFetchTests", dependencies: ["VigieFetch", "VigieFeeds", "VigieSync", "VigieTestSupport"]
        ),
        .testTarget(
            name: "VigieStoreTests",
            dependencies: [
                "VigieStore", "vigie-crash-helper", "VigieTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["CrashHelper"]
        ),
        // Test helper: records and delivers alerts until SIGKILLed (the crash-consistency test).
        .executableTarget(
            name: "vigie-crash-helper",
            dependencies: ["VigieStore"],
            path: "Tests/VigieStoreTests/CrashHelper"
        ),
        // VigieConfig is a test-only dependency here: the matcher's suites write their watchlists as TOML text.
        .testTarget(
            name: "VigieWatchTests", dependencies: ["VigieWatch", "VigieConfig", "VigieJSON", "VigieTestSupport"]),
        .testTarget(name: "VigieStoriesTests", dependencies: ["VigieStories"]),
        // vigie: the command-line tests run the executable, built beside them.
        .testTarget(name: "VigieLogReaderTests", dependencies: ["VigieLogReader", "vigie"]),
        .testTarget(name: "VigieMetricsTests", dependencies: ["VigieMetrics", "VigieTestSupport"]),
        .testTarget(name: "VigieDeliverTests", dependencies: ["VigieDeliver", "VigieTestSupport"]),
        .testTarget(name: "VigieConfigTests", dependencies: ["VigieConfig", "VigieWatch", "VigieTestSupport"]),
        .testTarget(
            name: "VigiePipelineTests", dependencies: ["VigiePipeline", "VigieFetch", "VigieStore", "VigieWatch"]),
        .testTarget(
            name: "VigieSystemdTests",
            dependencies: [
                "VigieSystemd", "VigieSync", "VigieTestSupport", "vigie-signal-helper",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["SignalHelper"]
        ),
        // Test helper: reports the signal requests it receives, one a line (the signal start-up race test).
        .executableTarget(
            name: "vigie-signal-helper",
            dependencies: ["VigieSystemd"],
            path: "Tests/VigieSystemdTests/SignalHelper"
        ),
        .testTarget(
            name: "VigieDaemonTests",
            dependencies: [
                "VigieDaemon", "VigieConfig", "VigieStore", "VigieSync", "VigieSystemd", "VigieTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
