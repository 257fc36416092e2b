import Testing

@testable import VigieConfig

@Suite struct ConfigValuesTests {
    @Test(arguments: [
        ("90s", 90.0), ("15m", 900), ("1h", 3600), ("1d", 86400), ("1h30m", 5400), ("1.5h", 5400), ("500ms", 0.5),
        (" 2 h ", 7200),
    ])
    func durations(text: String, seconds: Double) {
        #expect(ConfigValues.duration(text) == seconds)
    }

    @Test(arguments: ["15", "", "m", "1x", "-5m", "0s", "15 minutes later"])
    func notDurations(text: String) {
        #expect(ConfigValues.duration(text) == nil)
    }

    @Test(arguments: [
        ("512KiB", 524_288), ("10MiB", 10_485_760), ("1GiB", 1_073_741_824), ("500kB", 500_000), ("2MB", 2_000_000),
        ("4096", 4096), ("1M", 1_048_576),
    ])
    func sizes(text: String, bytes: Int) {
        #expect(ConfigValues.size(text) == bytes)
    }

    @Test(arguments: ["ten", "10XB", "", "MiB"])
    func notSizes(text: String) {
        #expect(ConfigValues.size(text) == nil)
    }
}
