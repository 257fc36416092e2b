// swift-tools-version: 6.1
//
// Vigie: a news-monitoring daemon. Modules, top-down (each depends only on those below it):
//
//   vigie (executable: CLI subcommands)
//     VigieFeeds  (feed model + libxml2 parser; pure: bytes in, values out)
//       CLibXML2, CCurl, CCurlShims (C bindings), VigieJSON (ordered JSON output)
import PackageDescription

let package = Package(
    name: "Vigie",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigie", targets: ["vigie"]),
        .library(name: "VigieFeeds", targets: ["VigieFeeds"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
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

        // Pure modules
        .target(name: "VigieJSON"),
        .target(name: "VigieFeeds", dependencies: ["CLibXML2", "VigieJSON"]),

        // The executable
        .executableTarget(
            name: "vigie",
            dependencies: [
                "VigieFeeds",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests: one target per module
        .testTarget(name: "VigieJSONTests", dependencies: ["VigieJSON"]),
        .testTarget(name: "VigieFeedsTests", dependencies: ["VigieFeeds"]),
    ],
    swiftLanguageModes: [.v6]
)
