import Foundation
import Testing

@testable import VigieWatch

/// The shipped `Config/watchlists/ai-alliance.toml` against the reference lists and the labelled dev set.
@Suite struct DefaultWatchlistTests {
    /// The rows of a TSV fixture (comment lines skipped), as dictionaries by column name.
    private func rows(_ path: String) throws -> [[String: String]] {
        let lines = try WatchFixtures.text(path).split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells + Array(repeating: "", count: header.count)))
        }
    }

    @Test func hasTheTwoWatchesTheIssueNames() throws {
        let watchlist = try WatchFixtures.defaultWatchlist()
        #expect(watchlist.watches.map(\.name) == ["ai-alliance", "members"])
        #expect(watchlist.watches.map(\.level) == [.alert, .notice])
    }

    @Test func everyMemberIsAnEntityUnderItsCanonicalName() throws {
        let members = try rows("Tests/Fixtures/eval/members.tsv").compactMap { $0["name"] }
        let watchlist = try WatchFixtures.defaultWatchlist()
        let entities = try #require(watchlist.watches.first { $0.name == "members" }).entities.map(\.name)
        #expect(members.count == 199)
        #expect(entities.count == members.count)
        #expect(entities.sorted() == members.sorted())
        #expect(Set(members).subtracting(entities).sorted() == [], "members without an entity (or misspelt)")
        #expect(Set(entities).subtracting(members).sorted() == [], "entities that are not members (or misspelt)")
    }

    /// The entities the members watch names on an item (empty when it does not fire).
    private func members(title: String? = nil, _ summary: String) -> [String] {
        match(defaultMatcher, "members", title: title, summary: summary)?.entities ?? []
    }

    /// Ambiguous member names, each in a real-looking sentence about the member in an AI context: it must name it.
    @Test(arguments: [
        ("Turing", "Turing, the AI coding startup led by Jonathan Siddharth, raised $111 million to train LLMs."),
        ("Turing", "OpenAI hired engineers from turing.com to improve its models' coding."),
        ("Temporal", "Temporal raised $300 million as AI agents need durable execution."),
        ("Temporal", "OpenAI's Codex runs on Temporal Technologies' durable-execution platform, an AI lab said."),
        ("Modular", "Modular, the AI startup of Chris Lattner behind the Mojo language, raised $250 million."),
        ("KIT", "Forscher am KIT entwickeln ein KI-Modell für Batteriematerialien."),
        ("KIT", "The Karlsruhe Institute of Technology opens a centre for artificial intelligence."),
        ("EOS", "EOS unveils AI-driven process monitoring for its metal 3D printers."),
        ("ESA", "ESA uses AI to map glaciers from Sentinel images."),
        ("USP", "Pesquisadores da USP criam modelo de IA para diagnóstico de câncer."),
        ("USP", "Researchers at the University of São Paulo built an AI model for Portuguese."),
        ("Object Management Group", "The Object Management Group publishes a standard for AI agents."),
        ("SEVILLA FÚTBOL CLUB S.A.D.", "Sevilla FC uses AI to scout young players."),
        ("Metaverse EU", "Metaverse EU publishes a policy paper on AI in virtual worlds."),
        ("BSC", "The Barcelona Supercomputing Center trains ALIA, a Spanish LLM."),
        ("BSC", "El BSC entrena un modelo de IA en el superordenador MareNostrum 5."),
        ("Anyone AI Inc", "Anyone AI trains Latin American engineers in machine learning."),
        ("Bonafide AI", "Bonafide AI launches a tool that detects deepfakes with machine learning."),
        ("GenAI Fund", "GenAI Fund backs three AI startups in its new round."),
        ("Patronus AI", "Patronus AI releases a benchmark for LLM hallucinations."),
        ("Patronus AI", "A Patronus AI engineer says LLM evaluation is hard."),
        ("Modular", "Modular Inc. ships MAX, its inference engine for large language models."),
        ("People+AI", "People+AI launches an open network for AI services in India."),
        ("Ai2 (Allen Institute for AI)", "Ai2 released OLMo 3, a fully open model."),
        ("Ai2 (Allen Institute for AI)", "The Allen Institute for AI released OLMo."),
        ("Sarvam AI", "Sarvam AI launches a 105-billion-parameter model for Indian languages."),
        ("Tokyo Electron", "Tokyo Electron expects AI chip demand to lift its sales."),
        ("Useful Sensors", "Useful Sensors ships an offline speech-recognition model for AI gadgets."),
        ("Kakao", "Kakao launches Kanana, its own AI model."),
        ("Trinity College Dublin", "Trinity College Dublin researchers audit AI training data sets."),
        ("FPT Smart Cloud", "FPT AI Factory opens in Japan with Nvidia GPUs for AI training."),
        ("IDea_Lab of University of Graz", "The IDea_Lab of the University of Graz studies AI in schools."),
        ("Tokyo Tech", "Tokyo Tech and Fujitsu train a Japanese LLM on Fugaku."),
        ("datacraft", "datacraft hosts a machine learning meetup in Paris."),
    ])
    func anAmbiguousMemberNamedInAnAIContextIsNamed(member: String, summary: String) {
        #expect(members(summary).contains(member), "\(summary)")
    }

    /// The same names in their other senses, or without AI context: they must not name the member.
    @Test(arguments: [
        ("Turing", "The Turing test is obsolete, says an AI researcher."),
        ("Turing", "Alan Turing imagined machine intelligence long before AI labs."),
        ("Turing", "Yoshua Bengio, a Turing Award winner, warns about AI risks."),
        ("Turing", "The Alan Turing Institute publishes a report on AI safety."),
        ("Turing", "Microsoft's Turing-NLG was a large language model."),
        ("Turing", "Nvidia Turing GPUs still run AI inference in many clouds."),
        ("Turing", "Turing raised money from investors."),
        ("Temporal", "Temporal resolution matters for AI weather models."),
        ("Temporal", "Temporal reasoning remains hard for LLMs."),
        ("Temporal", "The temporal lobe stores memories, AI neuroscientists say."),
        ("Temporal", "Um temporal atinge São Paulo e a IA prevê mais chuva."),
        ("Modular", "A modular design for AI chips cuts costs."),
        ("Modular", "Modular design is key for AI chips."),
        ("Modular", "Small Modular Reactors will power AI data centres."),
        ("KIT", "Pack a first-aid kit before the AI workshop."),
        ("KIT", "AI STARTER KIT FOR SCHOOLS"),
        ("KIT", "Nvidia's Jetson developer kit runs AI models at the edge."),
        ("EOS", "Canon EOS R5 Mark II gets AI autofocus."),
        ("EOS", "EOS token price jumps as AI coins rally."),
        ("USP", "Its USP is an AI assistant that writes emails."),
        ("USP", "The USP of this AI tool is speed."),
        ("Object Management Group", "OMG! This AI chatbot is wild."),
        ("SEVILLA FÚTBOL CLUB S.A.D.", "Sevilla FC won 2-0 against Real Betis."),
        ("SEVILLA FÚTBOL CLUB S.A.D.", "Sevilla hosts an AI conference this week."),
        ("Meta", "The Metaverse needs AI to become real, analysts say."),
        ("Metaverse EU", "The metaverse in the EU needs AI rules."),
        ("BSC", "Launch your AI token on BSC today."),
        ("BSC", "She holds a BSc in artificial intelligence."),
        ("Anyone AI Inc", "Has anyone AI experience? The survey asks about machine learning."),
        ("Anyone AI Inc", "Can anyone use AI at work?"),
        ("Bonafide AI", "A bonafide AI expert explains LLMs."),
        ("GenAI Fund", "The bank launched a GenAI fund for retail investors."),
        ("Patronus AI", "Harry Potter fans ask an AI chatbot to pick their Patronus."),
        ("People+AI", "People.ai raises money for AI sales tools."),
        ("Tokyo Electron", "TEL: +81 3 1234 5678, for AI inquiries."),
        ("Comillas Pontifical University", "La llamada IA, entre comillas, no piensa."),
        ("Kakao", "Heißer Kakao und KI-Rezepte für den Winter."),
        ("FPT Software", "FPT AI Factory opens in Japan with Nvidia GPUs for AI training."),
        ("IDea_Lab of University of Graz", "An idea lab for AI startups opens in Vienna."),
        ("Tokyo Tech", "Tokyo tech startups embrace generative AI."),
        ("TractoAI", "La IA detecta tumores en el tracto digestivo."),
        ("datacraft", "DataCraft is a new AI tool for synthetic data."),
        ("EOS", "Generation stops when the model emits the EOS token, an LLM engineer explains."),
    ])
    func anAmbiguousNameInAnotherSenseDoesNotNameTheMember(member: String, summary: String) {
        #expect(!members(summary).contains(member), "\(summary)")
    }

    @Test func theSeedArticleAlertsOnTheAllianceAndNamesItsMembers() throws {
        let article = try WatchFixtures.text("Tests/Fixtures/seed/la-tribune-ai-alliance.txt")
        let title =
            "IA générative : Meta et IBM lancent l'AI Alliance, une riposte économique et éthique à Microsoft et Google"
        let matches = defaultMatcher.match(MatchableItem(id: "seed", title: title, content: article))
        #expect(matches.map(\.watch) == ["ai-alliance", "members"])
        // Its name, and the description the article goes on with ("l'alliance", with Meta and IBM near).
        #expect(matches.first?.terms == ["l'AI Alliance", "alliance"])
        #expect(matches.first?.snippet == title)
        // Every organisation the article names the way French news does, except "Tokyo" (the city's name alone).
        #expect(
            matches.last?.entities == [
                "Meta", "IBM", "Intel", "Oracle", "Harvard University", "UC Berkeley", "Linux Foundation", "CERN",
                "Cornell University", "Yale University", "AMD", "Dell Technologies", "Hugging Face", "Red Hat", "Sony",
                "NASA",
            ])
    }

    @Test func everyDevSetItemGetsItsLabelledOutcome() throws {
        for row in try rows("Tests/Fixtures/eval/detection-dev.tsv") {
            let item = MatchableItem(id: row["id"]!, title: row["title"], summary: row["summary"])
            let matches = defaultMatcher.match(item)
            let expected = (row["entities"] ?? "").split(separator: ",").map(String.init)
            switch row["label"] {
            case "alliance":
                #expect(matches.contains { $0.watch == "ai-alliance" }, "\(item.id)")
            case "member":
                let named = matches.first { $0.watch == "members" }?.entities ?? []
                #expect(Set(expected).isSubset(of: Set(named)), "\(item.id): \(named)")
            default:
                #expect(matches.isEmpty, "\(item.id): \(matches.map(\.watch))")
            }
        }
    }
}
