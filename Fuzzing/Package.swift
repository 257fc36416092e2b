// swift-tools-version: 6.1
//
// libFuzzer targets for Vigie (Linux only, like the main package), kept out of the main package so that `swift build` and `swift test` never see the
// fuzzer flags. Built by Tools/fuzz.sh:
//
//   swift build -c release --package-path Fuzzing -Xswiftc -sanitize=fuzzer,address
//
// Each fuzzer is an ordinary executable: SwiftPM links `main` to the module's top-level code (main.swift), which
// calls libFuzzer's LLVMFuzzerRunDriver. (With -parse-as-library there is no top-level code and the link fails on
// the `<Module>_main` symbol SwiftPM points `main` at; libFuzzer's own `main` is never linked in.)
// The main package is a path dependency; its identity is the name of the directory holding it (`main` in
// /work/main, `vigie` in a clone named vigie), so it is computed here rather than written down.
import Foundation
import PackageDescription

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let vigie = root.lastPathComponent.lowercased()

let package = Package(
    name: "VigieFuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(name: "FuzzParser", dependencies: [.product(name: "VigieFeeds", package: vigie)]),
        .executableTarget(
            name: "FuzzMatcher",
            dependencies: [
                .product(name: "VigieWatch", package: vigie), .product(name: "VigieConfig", package: vigie),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
