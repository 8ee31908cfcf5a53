#include "record.h"

#include <Poco/JSON/Array.h>

#include "json_writer.h"
#include "sha256.h"

namespace jikji {

namespace {

constexpr std::size_t kRecordIdHexDigits = 20;

void setIfNotEmpty(Poco::JSON::Object::Ptr object, const std::string& key,
                   const std::string& value) {
    if (!value.empty()) object->set(key, jsonString(value));
}

Poco::JSON::Array::Ptr warningsToJson(const std::vector<Warning>& warnings) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
    for (const Warning& warning : warnings) {
        auto item = makeObject();
        item->set("code", jsonString(warning.code));
        item->set("message", jsonString(warning.message));
        if (!warning.where.empty()) item->set("where", jsonString(warning.where));
        array->add(item);
    }
    return array;
}

Poco::JSON::Object::Ptr sourceToJson(const RecordSource& source) {
    auto object = makeObject();
    object->set("name", jsonString(source.name));
    object->set("url", jsonString(source.url));
    setIfNotEmpty(object, "request_body", source.requestBody);
    setIfNotEmpty(object, "fetched_at", source.fetchedAt);
    if (source.httpStatus) object->set("http_status", *source.httpStatus);
    setIfNotEmpty(object, "etag", source.etag);
    setIfNotEmpty(object, "last_modified", source.lastModified);
    setIfNotEmpty(object, "capture_digest", source.captureDigest);
    if (!source.charsetDeclared.empty() || !source.charsetUsed.empty()) {
        auto charset = makeObject();
        setIfNotEmpty(charset, "declared", source.charsetDeclared);
        setIfNotEmpty(charset, "used", source.charsetUsed);
        object->set("charset", charset);
    }
    return object;
}

Poco::JSON::Object::Ptr attachmentToJson(const RecordAttachment& attachment) {
    auto object = makeObject();
    object->set("name", jsonString(attachment.name));
    object->set("url", jsonString(attachment.url));
    setIfNotEmpty(object, "media_type", attachment.mediaType);
    setIfNotEmpty(object, "declared_size_text", attachment.declaredSizeText);
    if (attachment.declaredSize) object->set("declared_size", *attachment.declaredSize);
    if (attachment.size) object->set("size", *attachment.size);
    setIfNotEmpty(object, "sha256", attachment.sha256);
    setIfNotEmpty(object, "blob_path", attachment.blobPath);
    object->set("status", jsonString(attachment.status));
    setIfNotEmpty(object, "error", attachment.error);
    if (attachment.document) object->set("document", documentToJson(*attachment.document));
    return object;
}

}  // namespace

std::string recordId(std::string_view sourceName, std::string_view canonicalUrl,
                     std::string_view requestBody) {
    std::string key(sourceName);
    key += '\n';
    key += canonicalUrl;
    if (!requestBody.empty()) {
        key += '\n';
        key += requestBody;
    }
    return sha256Hex(key).substr(0, kRecordIdHexDigits);
}

Poco::JSON::Object::Ptr recordToJson(const Record& record) {
    auto object = makeObject();
    object->set("schema", std::string(kRecordSchema));
    object->set("id", jsonString(record.id));
    object->set("source", sourceToJson(record.source));
    object->set("title", jsonString(record.title));
    if (!record.agency.name.empty()) {
        auto agency = makeObject();
        agency->set("name", jsonString(record.agency.name));
        setIfNotEmpty(agency, "name_hanja", record.agency.nameHanja);
        object->set("agency", agency);
    }
    setIfNotEmpty(object, "department", record.department);
    if (!record.contact.department.empty() || !record.contact.phone.empty()) {
        auto contact = makeObject();
        setIfNotEmpty(contact, "department", record.contact.department);
        setIfNotEmpty(contact, "phone", record.contact.phone);
        object->set("contact", contact);
    }
    setIfNotEmpty(object, "published_at", record.publishedAt);
    setIfNotEmpty(object, "posted_at", record.postedAt);
    Poco::JSON::Array::Ptr keywords = new Poco::JSON::Array();
    for (const std::string& keyword : record.keywords)
        keywords->add(jsonString(keyword));
    object->set("keywords", keywords);
    setIfNotEmpty(object, "summary", record.summary);
    object->set("body", documentToJson(record.body));
    Poco::JSON::Array::Ptr attachments = new Poco::JSON::Array();
    for (const RecordAttachment& attachment : record.attachments)
        attachments->add(attachmentToJson(attachment));
    object->set("attachments", attachments);
    Poco::JSON::Array::Ptr related = new Poco::JSON::Array();
    for (const RecordLink& link : record.related) {
        auto item = makeObject();
        item->set("title", jsonString(link.title));
        item->set("url", jsonString(link.url));
        related->add(item);
    }
    object->set("related", related);
    auto fields = makeObject();
    for (const auto& [name, value] : record.fields)
        fields->set(name, jsonString(value));
    object->set("fields", fields);
    if (!record.withdrawnAt.empty()) object->set("withdrawn_at", jsonString(record.withdrawnAt));
    auto processing = makeObject();
    processing->set("jikji_version", jsonString(record.processing.jikjiVersion));
    auto converters = makeObject();
    for (const auto& [name, version] : record.processing.converters)
        converters->set(name, jsonString(version));
    processing->set("converters", converters);
    processing->set("warnings", warningsToJson(record.processing.warnings));
    object->set("processing", processing);
    return object;
}

std::string recordJson(const Record& record) {
    return toJsonString(recordToJson(record));
}

}  // namespace jikji
