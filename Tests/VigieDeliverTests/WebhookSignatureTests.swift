import Testing

@testable import VigieDeliver

@Suite struct WebhookSignatureTests {
    @Test func signsTheStandardWebhooksTestVector() throws {
        let signature = try WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#,
            secret: Sample.vectorSecret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func aSecretWithoutItsPrefixIsTheBase64KeyItself() throws {
        let signature = try WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#,
            secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func anotherSecretTimestampOrBodySignsDifferently() throws {
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
        let body = #"{"test": 2432232314}"#
        let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        #expect(
            try WebhookSignature.sign(id: id, timestamp: 1_614_265_330, body: body, secret: "whsec_c2VjcmV0LWtleQ==")
                != expected)
        #expect(
            try WebhookSignature.sign(id: id, timestamp: 1_614_265_331, body: body, secret: Sample.vectorSecret)
                != expected)
        #expect(
            try WebhookSignature.sign(id: id, timestamp: 1_614_265_330, body: body + " ", secret: Sample.vectorSecret)
                != expected)
    }

    @Test(arguments: ["whsec_%%pa$$word%%", "whsec_", "   ", "whsec_abc*def"])
    func anInvalidSecretIsASecretErrorThatDoesNotQuoteIt(secret: String) {
        #expect {
            _ = try WebhookSignature.sign(id: "msg_1", timestamp: 1, body: "{}", secret: secret)
        } throws: { error in
            guard let error = error as? WebhookSignature.SecretError else { return false }
            let key = secret.dropFirst("whsec_".count).trimmingCharacters(in: .whitespaces)
            return !error.message.isEmpty && (key.isEmpty || !error.message.contains(key))
        }
    }

    @Test func aKeyWithoutItsBase64PaddingIsAccepted() throws {
        #expect(
            try WebhookSignature.key(of: "whsec_c2VjcmV0LWtleQ") == WebhookSignature.key(of: "whsec_c2VjcmV0LWtleQ=="))
    }
}
