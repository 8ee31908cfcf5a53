#include "equation_latex.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace jikji {

namespace {

// Thrown inside the translator when a script uses something without a known mapping.
struct Untranslatable {};

enum class TokenKind {
    Word,
    Number,
    Symbol,
    Open,
    Close,
    Sup,
    Sub,
    Cell,
    Row,
    Space,
    Thin,
    Quote,
    Other
};

struct Token {
    TokenKind kind;
    std::string text;
};

constexpr std::size_t kMaxNesting = 64;
constexpr std::size_t kMaxTokens = 4096;

bool isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::vector<Token> tokenize(std::string_view script) {
    static constexpr std::array<std::string_view, 12> kOperators{
        "<->", "<=", ">=", "!=", "+-", "-+", "->", "<-", "=>", "==", "<<", ">>"};
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < script.size()) {
        if (tokens.size() > kMaxTokens) throw Untranslatable{};
        char c = script[i];
        auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (isAsciiLetter(c)) {
            std::size_t end = i;
            while (end < script.size() && isAsciiLetter(script[end]))
                ++end;
            tokens.push_back({TokenKind::Word, std::string(script.substr(i, end - i))});
            i = end;
        } else if (std::isdigit(u)) {
            std::size_t end = i;
            while (end < script.size() &&
                   (std::isdigit(static_cast<unsigned char>(script[end])) || script[end] == '.'))
                ++end;
            tokens.push_back({TokenKind::Number, std::string(script.substr(i, end - i))});
            i = end;
        } else if (c == '"') {
            std::size_t end = script.find('"', i + 1);
            if (end == std::string_view::npos) throw Untranslatable{};
            tokens.push_back({TokenKind::Quote, std::string(script.substr(i + 1, end - i - 1))});
            i = end + 1;
        } else if (u >= 0x80) {
            std::size_t end = i;
            while (end < script.size() && static_cast<unsigned char>(script[end]) >= 0x80)
                ++end;
            tokens.push_back({TokenKind::Other, std::string(script.substr(i, end - i))});
            i = end;
        } else {
            TokenKind kind = TokenKind::Symbol;
            switch (c) {
                case '{':
                    kind = TokenKind::Open;
                    break;
                case '}':
                    kind = TokenKind::Close;
                    break;
                case '^':
                    kind = TokenKind::Sup;
                    break;
                case '_':
                    kind = TokenKind::Sub;
                    break;
                case '&':
                    kind = TokenKind::Cell;
                    break;
                case '#':
                    kind = TokenKind::Row;
                    break;
                case '~':
                    kind = TokenKind::Space;
                    break;
                case '`':
                    kind = TokenKind::Thin;
                    break;
                default:
                    break;
            }
            std::size_t length = 1;
            if (kind == TokenKind::Symbol) {
                for (std::string_view op : kOperators) {
                    if (script.substr(i, op.size()) == op) {
                        length = op.size();
                        break;
                    }
                }
            }
            tokens.push_back({kind, std::string(script.substr(i, length))});
            i += length;
        }
    }
    return tokens;
}

std::string lower(std::string_view word) {
    std::string out(word);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

template <std::size_t N>
const char* lookup(const std::pair<std::string_view, const char*> (&table)[N],
                   std::string_view key) {
    for (const auto& [name, latex] : table)
        if (name == key) return latex;
    return nullptr;
}

// Greek letters: lower case gives the small letter, a capital first letter the capital one
// (Hancom writes `alpha`, `ALPHA` or `Alpha`); capitals that look Latin are Latin letters.
const char* greek(std::string_view word) {
    static constexpr std::pair<std::string_view, const char*> kSmall[] = {
        {"alpha", "\\alpha"}, {"beta", "\\beta"},       {"gamma", "\\gamma"},
        {"delta", "\\delta"}, {"epsilon", "\\epsilon"}, {"zeta", "\\zeta"},
        {"eta", "\\eta"},     {"theta", "\\theta"},     {"iota", "\\iota"},
        {"kappa", "\\kappa"}, {"lambda", "\\lambda"},   {"mu", "\\mu"},
        {"nu", "\\nu"},       {"xi", "\\xi"},           {"omicron", "o"},
        {"pi", "\\pi"},       {"rho", "\\rho"},         {"sigma", "\\sigma"},
        {"tau", "\\tau"},     {"upsilon", "\\upsilon"}, {"phi", "\\phi"},
        {"chi", "\\chi"},     {"psi", "\\psi"},         {"omega", "\\omega"},
    };
    static constexpr std::pair<std::string_view, const char*> kCapital[] = {
        {"alpha", "A"},   {"beta", "B"},        {"gamma", "\\Gamma"},   {"delta", "\\Delta"},
        {"epsilon", "E"}, {"zeta", "Z"},        {"eta", "H"},           {"theta", "\\Theta"},
        {"iota", "I"},    {"kappa", "K"},       {"lambda", "\\Lambda"}, {"mu", "M"},
        {"nu", "N"},      {"xi", "\\Xi"},       {"omicron", "O"},       {"pi", "\\Pi"},
        {"rho", "P"},     {"sigma", "\\Sigma"}, {"tau", "T"},           {"upsilon", "\\Upsilon"},
        {"phi", "\\Phi"}, {"chi", "X"},         {"psi", "\\Psi"},       {"omega", "\\Omega"},
    };
    if (word.empty()) return nullptr;
    std::string key = lower(word);
    bool capital = std::isupper(static_cast<unsigned char>(word.front())) != 0;
    return capital ? lookup(kCapital, key) : lookup(kSmall, key);
}

// Words that stand for a symbol or an operator name, matched in lower case.
const char* symbolWord(std::string_view key) {
    static constexpr std::pair<std::string_view, const char*> kSymbols[] = {
        {"times", "\\times"},
        {"div", "\\div"},
        {"pm", "\\pm"},
        {"mp", "\\mp"},
        {"cdot", "\\cdot"},
        {"cdots", "\\cdots"},
        {"ldots", "\\ldots"},
        {"vdots", "\\vdots"},
        {"ddots", "\\ddots"},
        {"leq", "\\leq"},
        {"geq", "\\geq"},
        {"le", "\\leq"},
        {"ge", "\\geq"},
        {"neq", "\\neq"},
        {"ne", "\\neq"},
        {"approx", "\\approx"},
        {"equiv", "\\equiv"},
        {"sim", "\\sim"},
        {"simeq", "\\simeq"},
        {"propto", "\\propto"},
        {"inf", "\\infty"},
        {"infty", "\\infty"},
        {"infinity", "\\infty"},
        {"partial", "\\partial"},
        {"nabla", "\\nabla"},
        {"forall", "\\forall"},
        {"exist", "\\exists"},
        {"exists", "\\exists"},
        {"in", "\\in"},
        {"notin", "\\notin"},
        {"subset", "\\subset"},
        {"supset", "\\supset"},
        {"subseteq", "\\subseteq"},
        {"supseteq", "\\supseteq"},
        {"cup", "\\cup"},
        {"cap", "\\cap"},
        {"union", "\\cup"},
        {"inter", "\\cap"},
        {"emptyset", "\\emptyset"},
        {"therefore", "\\therefore"},
        {"because", "\\because"},
        {"angle", "\\angle"},
        {"prime", "\\prime"},
        {"deg", "^{\\circ}"},
        {"circ", "\\circ"},
        {"star", "\\star"},
        {"bullet", "\\bullet"},
        {"rarrow", "\\rightarrow"},
        {"larrow", "\\leftarrow"},
        {"lrarrow", "\\leftrightarrow"},
        {"sin", "\\sin"},
        {"cos", "\\cos"},
        {"tan", "\\tan"},
        {"cot", "\\cot"},
        {"sec", "\\sec"},
        {"csc", "\\csc"},
        {"log", "\\log"},
        {"ln", "\\ln"},
        {"exp", "\\exp"},
        {"lim", "\\lim"},
        {"max", "\\max"},
        {"min", "\\min"},
        {"det", "\\det"},
        {"sum", "\\sum"},
        {"prod", "\\prod"},
        {"int", "\\int"},
        {"dint", "\\iint"},
        {"tint", "\\iiint"},
        {"oint", "\\oint"},
        {"ohm", "\\Omega"},
        {"oplus", "\\oplus"},
        {"ominus", "\\ominus"},
        {"otimes", "\\otimes"},
        {"odot", "\\odot"},
        {"ast", "\\ast"},
        {"succ", "\\succ"},
        {"prec", "\\prec"},
        {"cong", "\\cong"},
        {"identical", "\\equiv"},
        {"uparrow", "\\uparrow"},
        {"downarrow", "\\downarrow"},
        {"sqsubset", "\\sqsubset"},
        {"sqsupset", "\\sqsupset"},
        {"wedge", "\\wedge"},
        {"vee", "\\vee"},
        {"neg", "\\neg"},
        {"dagger", "\\dagger"},
        {"vartheta", "\\vartheta"},
        {"varphi", "\\varphi"},
        {"varepsilon", "\\varepsilon"},
    };
    return lookup(kSymbols, key);
}

const char* accent(std::string_view key) {
    static constexpr std::pair<std::string_view, const char*> kAccents[] = {
        {"hat", "\\hat"},           {"bar", "\\bar"},
        {"vec", "\\vec"},           {"dot", "\\dot"},
        {"ddot", "\\ddot"},         {"tilde", "\\tilde"},
        {"overline", "\\overline"}, {"underline", "\\underline"},
    };
    return lookup(kAccents, key);
}

const char* matrixEnvironment(std::string_view key) {
    static constexpr std::pair<std::string_view, const char*> kMatrices[] = {
        {"matrix", "matrix"},   {"pmatrix", "pmatrix"}, {"bmatrix", "bmatrix"},
        {"dmatrix", "vmatrix"}, {"cases", "cases"},
    };
    return lookup(kMatrices, key);
}

const char* symbol(std::string_view text) {
    static constexpr std::pair<std::string_view, const char*> kOperators[] = {
        {"<->", "\\leftrightarrow"},
        {"<=", "\\leq"},
        {">=", "\\geq"},
        {"!=", "\\neq"},
        {"+-", "\\pm"},
        {"-+", "\\mp"},
        {"->", "\\rightarrow"},
        {"<-", "\\leftarrow"},
        {"=>", "\\Rightarrow"},
        {"<<", "\\ll"},
        {">>", "\\gg"},
    };
    if (const char* latex = lookup(kOperators, text)) return latex;
    static constexpr std::string_view kPlain = "+-=<>()[]|,;:!/*.'?@";
    if (text.size() == 1 && kPlain.find(text[0]) != std::string_view::npos) return nullptr;
    throw Untranslatable{};
}

// Strips one pair of braces that encloses the whole of `latex`.
std::string ungroup(std::string latex) {
    if (latex.size() < 2 || latex.front() != '{' || latex.back() != '}') return latex;
    int depth = 0;
    for (std::size_t i = 0; i < latex.size(); ++i) {
        if (latex[i] == '{') ++depth;
        if (latex[i] == '}' && --depth == 0 && i + 1 < latex.size()) return latex;
    }
    return latex.substr(1, latex.size() - 2);
}

class Translator {
  public:
    explicit Translator(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    std::string translate() {
        std::string latex = sequence(false, false);
        if (m_delimiters != 0) throw Untranslatable{};
        return latex;
    }

  private:
    bool atEnd() const { return m_at >= m_tokens.size(); }
    const Token& peek() const { return m_tokens[m_at]; }
    bool peekWord(std::string_view word) const {
        return !atEnd() && peek().kind == TokenKind::Word && lower(peek().text) == word;
    }
    Token next() {
        if (atEnd()) throw Untranslatable{};
        return m_tokens[m_at++];
    }

    std::string sequence(bool closed, bool cells) {
        std::vector<std::string> items;
        for (;;) {
            if (atEnd()) {
                if (closed) throw Untranslatable{};
                break;
            }
            const Token& token = peek();
            if (token.kind == TokenKind::Close) {
                if (!closed) throw Untranslatable{};
                ++m_at;
                break;
            }
            if (token.kind == TokenKind::Cell || token.kind == TokenKind::Row) {
                if (!cells) throw Untranslatable{};
                items.push_back(token.kind == TokenKind::Cell ? "&" : "\\\\");
                ++m_at;
                continue;
            }
            if (peekWord("over")) {
                ++m_at;
                if (items.empty()) throw Untranslatable{};
                std::string numerator = ungroup(std::move(items.back()));
                items.back() = "\\frac{" + numerator + "}{" + ungroup(scripted()) + "}";
                continue;
            }
            std::string item = scripted();
            if (!item.empty()) items.push_back(std::move(item));
        }
        std::string out;
        for (const std::string& item : items) {
            if (!out.empty()) out += ' ';
            out += item;
        }
        return out;
    }

    // An atom with its sub- and superscripts (`^`, `_`, `sup`, `sub`, `from`, `to`).
    std::string scripted() {
        std::string base = atom();
        bool sup = false;
        bool sub = false;
        while (!atEnd()) {
            const Token& token = peek();
            bool isSup = token.kind == TokenKind::Sup || peekWord("sup") || peekWord("to");
            bool isSub = token.kind == TokenKind::Sub || peekWord("sub") || peekWord("from");
            if (!isSup && !isSub) break;
            if ((isSup && sup) || (isSub && sub)) throw Untranslatable{};
            ++m_at;
            (isSup ? sup : sub) = true;
            base += isSup ? "^{" : "_{";
            base += ungroup(atom());
            base += '}';
        }
        return base;
    }

    std::string argument() { return "{" + ungroup(atom()) + "}"; }

    std::string atom() {
        if (++m_depth > kMaxNesting) throw Untranslatable{};
        std::string out = atomHere();
        --m_depth;
        return out;
    }

    std::string atomHere() {
        Token token = next();
        switch (token.kind) {
            case TokenKind::Open:
                return "{" + sequence(true, false) + "}";
            case TokenKind::Number:
                return token.text;
            case TokenKind::Symbol:
                if (const char* latex = symbol(token.text)) return latex;
                return token.text;
            case TokenKind::Space:
                return "\\ ";
            case TokenKind::Thin:
                return "\\,";
            case TokenKind::Quote:
            case TokenKind::Other:
                if (token.text.find_first_of("\\{}$&#^_%~") != std::string::npos)
                    throw Untranslatable{};
                return "\\text{" + token.text + "}";
            case TokenKind::Word:
                return word(token.text);
            default:
                throw Untranslatable{};
        }
    }

    std::string word(const std::string& text) {
        if (const char* latex = greek(text)) return latex;
        std::string key = lower(text);
        if (const char* latex = symbolWord(key)) return latex;
        if (key == "sqrt") {
            // `sqrt n of x` is the n-th root.
            std::string radicand = ungroup(atom());
            if (!peekWord("of")) return "\\sqrt{" + radicand + "}";
            ++m_at;
            return "\\sqrt[" + radicand + "]" + argument();
        }
        if (key == "root") {
            std::string degree = ungroup(atom());
            if (!peekWord("of")) throw Untranslatable{};
            ++m_at;
            return "\\sqrt[" + degree + "]" + argument();
        }
        if (const char* latex = accent(key)) return latex + argument();
        if (const char* environment = matrixEnvironment(key)) {
            if (atEnd() || peek().kind != TokenKind::Open) throw Untranslatable{};
            ++m_at;
            std::string body = sequence(true, true);
            return std::string("\\begin{") + environment + "}" + body + "\\end{" + environment +
                   "}";
        }
        if (key == "left" || key == "right") {
            Token delimiter = next();
            std::string latex = "\\" + key;
            if (delimiter.kind == TokenKind::Open || delimiter.kind == TokenKind::Close)
                latex += "\\" + delimiter.text;
            else if (delimiter.kind == TokenKind::Symbol &&
                     std::string_view("()[]|.").find(delimiter.text) != std::string_view::npos &&
                     delimiter.text.size() == 1)
                latex += delimiter.text;
            else
                throw Untranslatable{};
            if (key == "left") {
                ++m_delimiters;
            } else if (m_delimiters-- == 0) {
                throw Untranslatable{};
            }
            return latex;
        }
        // Type styles change nothing a reader of the text needs.
        if (key == "rm" || key == "it" || key == "bold") return {};
        // Hancom layout words without a LaTeX equivalent here: the script stays verbatim.
        static constexpr std::array<std::string_view, 14> kUnmapped{
            "pile",  "lpile", "rpile", "eqalign", "atop", "box",  "under",
            "color", "scale", "font",  "bigg",    "lsub", "lsup", "overbrace"};
        if (std::find(kUnmapped.begin(), kUnmapped.end(), key) != kUnmapped.end())
            throw Untranslatable{};
        // A long word in capitals is one of Hancom's symbol names (`BENZENE`, `RTANGLE`) this
        // table lacks, not a product of variables like `ABC`.
        if (text.size() >= 5 && std::all_of(text.begin(), text.end(), [](char c) {
                return std::isupper(static_cast<unsigned char>(c)) != 0;
            }))
            throw Untranslatable{};
        return text;
    }

    std::vector<Token> m_tokens;
    std::size_t m_at = 0;
    std::size_t m_depth = 0;
    int m_delimiters = 0;
};

}  // namespace

std::optional<std::string> equationToLatex(std::string_view script) {
    try {
        std::vector<Token> tokens = tokenize(script);
        if (tokens.empty()) return std::nullopt;
        return Translator(std::move(tokens)).translate();
    } catch (const Untranslatable&) {
        return std::nullopt;
    }
}

}  // namespace jikji
