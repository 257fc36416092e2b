/// One HTTP request header field a user configured for a webhook.
public struct HeaderField: Sendable, Hashable {
    /// The field name, as it is sent (HTTP names are case-insensitive).
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
