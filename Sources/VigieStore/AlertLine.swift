import Foundation

/// Reading the alert id back out of a line of the alert log.
enum AlertLine {
    /// The field's name as UTF-8 bytes, to skip lines that cannot hold it without parsing them.
    private static let fieldBytes = Array(NewAlert.alertIDField.utf8)

    /// The string value of the `"alert_id"` member of `line` when it is a whole JSON object, else `nil`.
    ///
    /// A torn line (cut by a crash) is not valid JSON and so yields `nil`: the alert counts as absent.
    static func alertID(in line: ArraySlice<UInt8>) -> String? {
        guard line.last == UInt8(ascii: "}"), contains(line, fieldBytes) else { return nil }
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            let id = object[NewAlert.alertIDField] as? String
        else { return nil }
        return id
    }

    /// ``alertID(in:)`` for a whole array.
    static func alertID(in line: [UInt8]) -> String? {
        alertID(in: line[...])
    }

    /// Whether `needle` occurs in `haystack`.
    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) {
                return true
            }
            index += 1
        }
        return false
    }
}
