/// Parsing of the human-friendly values the configuration uses: durations (`90s`, `15m`, `1h`, `1d`, combined as
/// `1h30m`) and sizes (`512KiB`, `10MiB`, `1GiB`, `500kB`, `2MB`, or a plain number of bytes).
public enum ConfigValues {
    /// Seconds in a duration, or `nil` when `text` is not one. A bare number is not accepted (`15`: minutes or
    /// seconds?); zero and negative durations are not either.
    public static func duration(_ text: String) -> Double? {
        let compact = text.filter { !$0.isWhitespace }.lowercased()
        guard !compact.isEmpty else { return nil }
        var total = 0.0
        var number = ""
        var unit = ""
        var sawUnit = false
        func flush() -> Bool {
            guard let value = Double(number), !unit.isEmpty else { return false }
            let factor: Double
            switch unit {
            case "ms": factor = 0.001
            case "s", "sec", "secs": factor = 1
            case "m", "min", "mins": factor = 60
            case "h", "hr", "hrs": factor = 3600
            case "d", "day", "days": factor = 86400
            case "w": factor = 7 * 86400
            default: return false
            }
            total += value * factor
            number = ""
            unit = ""
            sawUnit = true
            return true
        }
        for character in compact {
            if character.isNumber || character == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(character)
            } else if character.isLetter {
                guard !number.isEmpty || !unit.isEmpty else { return nil }
                unit.append(character)
            } else {
                return nil
            }
        }
        guard flush(), sawUnit, total > 0 else { return nil }
        return total
    }

    /// Bytes in a size, or `nil` when `text` is not one. Binary units (KiB, MiB, GiB) are powers of 1024, decimal
    /// ones (kB, MB, GB) powers of 1000; `K`, `M`, `G` alone are read as binary.
    public static func size(_ text: String) -> Int? {
        let compact = text.filter { !$0.isWhitespace }
        let digits = compact.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(digits), value >= 0 else { return nil }
        let factor: Double
        switch compact.dropFirst(digits.count).lowercased() {
        case "", "b": factor = 1
        case "k", "kib": factor = 1024
        case "m", "mib": factor = 1024 * 1024
        case "g", "gib": factor = 1024 * 1024 * 1024
        case "kb": factor = 1000
        case "mb": factor = 1_000_000
        case "gb": factor = 1_000_000_000
        default: return nil
        }
        let bytes = value * factor
        guard bytes < Double(Int.max) else { return nil }
        return Int(bytes)
    }
}
