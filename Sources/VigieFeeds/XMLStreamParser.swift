import CLibXML2
import Foundation

/// Receives the events of one streaming XML parse (see ``XMLStreamParser``).
///
/// Pointers handed to a sink are valid only during the call.
protocol XMLEventSink: AnyObject {
    /// An element starts. `namespace` is the element's namespace URI, if any.
    func startElement(localName: String, namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes)
    /// The innermost open element ends.
    func endElement()
    /// Character data (text or CDATA), already decoded to UTF-8 with entities replaced.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
    /// The document type declaration, if any.
    func doctype(name: String?, publicID: String?, systemID: String?)
    /// Whether the parse should stop now (a limit was reached).
    var shouldStop: Bool { get }
}

/// A problem libxml2 reported during a parse.
struct XMLIssue: Sendable, Equatable {
    /// libxml2's error code (`xmlParserErrors`).
    var code: Int
    /// 1-based line of the problem, 0 when unknown.
    var line: Int
    /// 1-based column, 0 when unknown.
    var column: Int
    /// libxml2's message, trimmed.
    var message: String
    /// Whether libxml2 considered it fatal (the document is not well-formed).
    var isError: Bool
}

/// Streams an XML document through libxml2's SAX2 interface into an ``XMLEventSink``, safely.
///
/// Safety is not negotiable and not configurable: no external entity, external DTD or network resource is ever
/// loaded (an entity loader that refuses everything is installed process-wide, `XML_PARSE_NONET` is set, external
/// general entities are reported as undefined), entity expansion is bounded by libxml2's amplification checks (no
/// `XML_PARSE_HUGE`), nesting depth by libxml2's limit of 256 and text nodes by its 10 MB limit. Internal entities
/// declared in the document's own DTD subset are expanded. The document's encoding declaration is ignored: callers
/// hand over UTF-8 (see ``DocumentDecoder``).
///
/// One instance owns one libxml2 parser context and serves one parse; it is not shared between threads.
final class XMLStreamParser {
    private let context: xmlParserCtxtPtr
    /// The document, handed to libxml2 when the parse runs.
    private let document: UnsafeBufferPointer<UInt8>
    private let sink: XMLEventSink
    private(set) var issues: [XMLIssue] = []
    private var issueCount = 0

    /// The most issues kept per parse; later ones are only counted (a broken feed can produce thousands).
    static let maxIssues = 50

    /// How much of the document each call to the push parser gets.
    static let chunkSize = 1 << 20

    /// The deepest nesting of elements a document may have: libxml2's own limit (`xmlParserMaxDepth`), which its
    /// pull parser enforces and its push parser does not, so the callbacks do.
    static let maxDepth = 256
    /// How deep the parse is now.
    private var depth = 0

    /// How much character data (bytes) the parse may still deliver. Starts at 8 times the document's size plus
    /// 16 MiB: text can only outgrow the document through entity expansion, and libxml2's own checks let a
    /// "quadratic blowup" (one large entity referenced many times) expand to gigabytes.
    private var textBudget: Int
    /// Whether the parse was stopped because entities expanded past ``textBudget``.
    private(set) var expansionExceeded = false

    /// Creates a parser for `utf8` (which must stay alive until ``run()`` returns), reporting to `sink`.
    ///
    /// - Parameter recover: parse past well-formedness errors (libxml2's recover mode) instead of stopping.
    init?(utf8: UnsafeBufferPointer<UInt8>, documentURL: String?, recover: Bool, sink: XMLEventSink) {
        Self.installGlobalsOnce
        guard utf8.count > 0, utf8.count <= Int(Int32.max),
            let context = xmlCreatePushParserCtxt(nil, nil, nil, 0, documentURL)
        else { return nil }
        self.context = context
        self.document = utf8
        self.sink = sink
        self.textBudget = utf8.count.multipliedReportingOverflow(by: 8).partialValue + (16 << 20)
        context.pointee.sax.pointee = Self.handler
        // `userData` stays the context itself, so libxml2's own SAX2 helpers (used for the DTD subset) work; our
        // callbacks find this object through `_private`.
        var options = Int32(XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
        if recover { options |= Int32(XML_PARSE_RECOVER.rawValue) }
        xmlCtxtUseOptions(context, options)
        _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
    }

    deinit {
        if let document = context.pointee.myDoc {
            xmlFreeDoc(document)
            context.pointee.myDoc = nil
        }
        xmlFreeParserCtxt(context)
    }

    /// Runs the parse to the end (or until the sink asks to stop). Returns whether the document was well-formed.
    @discardableResult
    func run() -> Bool {
        let unmanaged = Unmanaged.passUnretained(self)
        context.pointee._private = unmanaged.toOpaque()
        // libxml2's push parser, fed a chunk at a time: it reads a CDATA section a block at a time where the pull
        // parser (xmlParseDocument) reads it a character at a time, a third of the parse of feeds that carry their
        // articles in CDATA. The chunks stay far below its 10 MB lookup limit.
        withExtendedLifetime(self) {
            document.withMemoryRebound(to: CChar.self) { bytes in
                guard let base = bytes.baseAddress else { return }
                var offset = 0
                repeat {
                    let size = min(Self.chunkSize, bytes.count - offset)
                    let last = offset + size == bytes.count
                    let status = xmlParseChunk(context, base + offset, Int32(size), last ? 1 : 0)
                    offset += size
                    if status != 0 && context.pointee.disableSAX != 0 { break }
                } while offset < bytes.count && context.pointee.instate != XML_PARSER_EOF
            }
        }
        context.pointee._private = nil
        return context.pointee.wellFormed != 0
    }

    /// How many issues libxml2 reported in all (``issues`` keeps the first ``maxIssues``).
    var totalIssues: Int { issueCount }

    // MARK: - libxml2 glue

    private static func owner(_ context: UnsafeMutableRawPointer?) -> XMLStreamParser? {
        guard let context else { return nil }
        let parserContext = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let owner = parserContext.pointee._private else { return nil }
        return Unmanaged<XMLStreamParser>.fromOpaque(owner).takeUnretainedValue()
    }

    private func stopIfAsked() {
        if sink.shouldStop { xmlStopParser(context) }
    }

    // Immutable after initialisation; libxml2 copies it into each context.
    nonisolated(unsafe) private static let handler: xmlSAXHandler = {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        // The internal DTD subset is read by libxml2's own SAX2 code, so documents may declare entities.
        sax.startDocument = xmlSAX2StartDocument
        sax.internalSubset = { context, name, externalID, systemID in
            xmlSAX2InternalSubset(context, name, externalID, systemID)
            owner(context)?.sink.doctype(
                name: name.map { String(cString: $0) }, publicID: externalID.map { String(cString: $0) },
                systemID: systemID.map { String(cString: $0) })
        }
        sax.entityDecl = xmlSAX2EntityDecl
        sax.getParameterEntity = xmlSAX2GetParameterEntity
        sax.getEntity = { context, name in
            // Not libxml2's xmlSAX2GetEntity: with entity substitution on, it would try to load an external entity
            // as soon as it is referenced. Here external general entities are refused before anything is tried.
            guard let context, let name else { return nil }
            if let predefined = xmlGetPredefinedEntity(name) { return predefined }
            let parserContext = context.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let entity = xmlGetDocEntity(parserContext.pointee.myDoc, name) else { return nil }
            switch entity.pointee.etype {
            case XML_EXTERNAL_GENERAL_PARSED_ENTITY, XML_EXTERNAL_GENERAL_UNPARSED_ENTITY:
                owner(context)?.refuseExternalEntity(String(cString: name))
                return nil
            default:
                return entity
            }
        }
        sax.resolveEntity = { _, _, _ in nil }
        sax.externalSubset = nil
        sax.startElementNs = { context, localName, _, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            guard let parser = owner(context), let localName else { return }
            parser.depth += 1
            if parser.depth > maxDepth {
                parser.refuseDepth()
                return
            }
            parser.sink.startElement(
                localName: String(cString: localName), namespace: uri,
                attributes: XMLAttributes(
                    base: attributes, count: Int(attributeCount), namespaces: namespaces,
                    namespaceCount: Int(namespaceCount)))
            parser.stopIfAsked()
        }
        sax.endElementNs = { context, _, _, _ in
            guard let parser = owner(context) else { return }
            parser.depth -= 1
            parser.sink.endElement()
        }
        let characters: charactersSAXFunc = { context, bytes, length in
            guard let parser = owner(context), let bytes, length > 0 else { return }
            parser.textBudget -= Int(length)
            if parser.textBudget < 0 {
                parser.expansionExceeded = true
                xmlStopParser(parser.context)
                return
            }
            parser.sink.characters(UnsafeBufferPointer(start: bytes, count: Int(length)))
            parser.stopIfAsked()
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.ignorableWhitespace = characters
        sax.serror = { context, error in
            guard let error, let parserContext = error.pointee.ctxt else { return }
            guard let parser = owner(parserContext) else { return }
            parser.record(error.pointee)
        }
        return sax
    }()

    /// External entities the document referenced and that were not loaded, by name, in first-seen order.
    private(set) var refusedEntities: [String] = []

    private func refuseExternalEntity(_ name: String) {
        if !refusedEntities.contains(name) { refusedEntities.append(name) }
    }

    /// Stops the parse at an element nested deeper than ``maxDepth``, with libxml2's own fatal error.
    private func refuseDepth() {
        issueCount += 1
        issues.append(
            XMLIssue(
                code: Int(XML_ERR_INTERNAL_ERROR.rawValue), line: Int(xmlSAX2GetLineNumber(context)),
                column: Int(xmlSAX2GetColumnNumber(context)),
                message: "Excessive depth in document: \(Self.maxDepth) use XML_PARSE_HUGE option", isError: true))
        context.pointee.wellFormed = 0
        xmlStopParser(context)
    }

    private func record(_ error: xmlError) {
        issueCount += 1
        guard issues.count < Self.maxIssues else { return }
        let message = error.message.map { String(cString: $0) } ?? "unknown error"
        issues.append(
            XMLIssue(
                code: Int(error.code), line: Int(error.line), column: Int(error.int2),
                message: message.trimmingCharacters(in: .whitespacesAndNewlines),
                isError: error.level.rawValue >= XML_ERR_ERROR.rawValue))
    }

    /// Process-wide libxml2 set-up, done once: initialise the library and refuse every external entity or DTD.
    private static let installGlobalsOnce: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()
}

/// The attributes of a starting element, as libxml2 hands them over (valid only during the callback).
struct XMLAttributes {
    fileprivate let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    /// How many attributes there are.
    let count: Int
    fileprivate let namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    fileprivate let namespaceCount: Int

    /// Whether the element declares the namespace `uri` (with any prefix, or as the default).
    func declaresNamespace(_ uri: String) -> Bool {
        guard let namespaces else { return false }
        for index in 0..<namespaceCount {
            if let declared = namespaces[index * 2 + 1], Self.equals(declared, uri) { return true }
        }
        return false
    }

    /// The value of the attribute `localName` in `namespace` (`nil` namespace: an unprefixed attribute).
    func value(_ localName: String, namespace: String? = nil) -> String? {
        guard let base else { return nil }
        for index in 0..<count {
            let entry = base + index * 5
            guard let name = entry[0], Self.equals(name, localName) else { continue }
            let uri = entry[2]
            if let namespace {
                guard let uri, Self.equals(uri, namespace) else { continue }
            } else if uri != nil {
                continue
            }
            guard let start = entry[3], let end = entry[4] else { return "" }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
        return nil
    }

    private static func equals(_ pointer: UnsafePointer<xmlChar>, _ string: String) -> Bool {
        var index = 0
        for byte in string.utf8 {
            if pointer[index] != byte { return false }
            index += 1
        }
        return pointer[index] == 0
    }
}
