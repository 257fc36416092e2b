import Testing
import VigieJSON

@Suite struct JSONValueTests {
    @Test func objectsKeepTheirKeyOrder() {
        let value = JSONValue.object([("z", .int(1)), ("a", .null), ("m", .array([.bool(true), .string("x")]))])
        #expect(value.serialized == #"{"z":1,"a":null,"m":[true,"x"]}"#)
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" and \\ backslash", #""quote \" and \\ backslash""#),
        ("line\nbreak\ttab\r", #""line\nbreak\ttab\r""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("l’IA générative ♥ 🚀", #""l’IA générative ♥ 🚀""#),
        ("a/b", #""a/b""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("before \"in\u{2028}side\" after\u{0}", #""before \"in\u2028side\" after\u0000""#),
        ("\u{2027}\u{202A}\u{20AC}", "\"\u{2027}\u{202A}\u{20AC}\""),
    ])
    func stringsAreEscapedForOneLine(text: String, expected: String) {
        #expect(JSONValue.string(text).serialized == expected)
    }

    @Test func numbersAndOptionals() {
        #expect(JSONValue.double(0.5).serialized == "0.5")
        #expect(JSONValue.double(.infinity).serialized == "null")
        #expect(JSONValue.int(-42).serialized == "-42")
        #expect(JSONValue.optional(nil).serialized == "null")
        #expect(JSONValue.optional("x").serialized == #""x""#)
    }

    @Test func equalityRespectsOrder() {
        #expect(JSONValue.object([("a", .int(1)), ("b", .int(2))]) != .object([("b", .int(2)), ("a", .int(1))]))
        #expect(JSONValue.array([.null]) == .array([.null]))
    }
}
