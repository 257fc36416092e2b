/// One HTTP POST to make: the URL, the header fields in order, the body.
struct HTTPPost: Equatable {
    /// The absolute http or https URL.
    var url: String
    /// The request's header fields, in order.
    var headers: [HeaderField]
    /// The request body.
    var body: String
}
