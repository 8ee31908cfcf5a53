#include "converters/hwpx/xml_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jikji::converters::hwpx {
namespace {

// Records, for every element, its names and the value of one attribute looked up by its
// interned pointer after the first hit.
class Recorder final : public XmlHandler {
  public:
    void startElement(const XmlElement& element) override {
        std::string scratch;
        std::string_view value = element.attributeView(m_key, scratch);
        lines.push_back(std::string(element.uri) + "|" + std::string(element.local) + "|" +
                        (element.hasAttribute("rowAddr") ? std::string(value) : "-") + "|" +
                        std::string(element.attributeView(m_absent, scratch)) + "|" +
                        std::string(element.rawAttribute(m_raw)));
    }
    void endElement() override {}
    void text(std::string_view) override {}

    std::vector<std::string> lines;

  private:
    AttributeName m_key{"rowAddr"};
    AttributeName m_absent{"never"};
    AttributeName m_raw{"rowAddr"};
};

TEST(XmlElement, AttributeFoundByInternedNameOnEveryElementOfTheParse) {
    Recorder recorder;
    std::string error = parseXml(
        "<a:sec xmlns:a=\"urn:a\" xmlns:b=\"urn:b\"><a:cellAddr colAddr=\"1\" rowAddr=\"2\"/>"
        "<b:cellAddr rowAddr=\"3\" colAddr=\"4\"/><a:cellAddr colAddr=\"5\"/>"
        "<a:cellAddr rowAddr=\"x&#38;y\"/><cellAddr rowAddr=\"\"/></a:sec>",
        recorder, "test");
    EXPECT_EQ(error, "");
    EXPECT_EQ(recorder.lines, (std::vector<std::string>{
                                  "urn:a|sec|-||",
                                  "urn:a|cellAddr|2||2",
                                  "urn:b|cellAddr|3||3",
                                  "urn:a|cellAddr|-||",
                                  "urn:a|cellAddr|x&y||x&#38;y",
                                  "|cellAddr|||",
                              }));
}

}  // namespace
}  // namespace jikji::converters::hwpx
