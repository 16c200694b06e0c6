#include "editors/object_draft.h"

#include "config/config_json.h"
#include "validate/workspace_reader.h"

#include <QRegularExpression>

namespace ferry::ui {

namespace {

using Json = ObjectDraft::Json;

// "columns[2].data_type" -> "/columns/2/data_type"
Json::json_pointer pointerFor(const QString &path)
{
    std::string pointer;
    for (const QString &part : path.split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
        static const QRegularExpression indexed(QStringLiteral(R"(^([^\[]+)((?:\[\d+\])*)$)"));
        const QRegularExpressionMatch match = indexed.match(part);
        const QString key = match.hasMatch() ? match.captured(1) : part;
        pointer += '/' + key.toStdString();
        static const QRegularExpression index(QStringLiteral(R"(\[(\d+)\])"));
        for (auto it = index.globalMatch(match.captured(2)); it.hasNext();)
            pointer += '/' + it.next().captured(1).toStdString();
    }
    return Json::json_pointer(pointer);
}

} // namespace

ObjectDraft::ObjectDraft(ObjectKind kind, Json json, QString id) : m_kind(kind), m_json(std::move(json)), m_id(std::move(id))
{
}

ObjectDraft ObjectDraft::fromWorkspace(const Workspace &workspace, ObjectKind kind, qsizetype index)
{
    Json json = ConfigJson::toJson(workspace, kind, index, true);
    const QString id = json.contains("id") ? QString::fromStdString(json["id"].get<std::string>()) : QString();
    json.erase("id");
    return ObjectDraft(kind, std::move(json), id);
}

ObjectDraft ObjectDraft::blank(ObjectKind kind, const QString &name)
{
    Json json = Json::object();
    json[nameKey(kind)] = name.toStdString();
    switch (kind) {
    case ObjectKind::Source:
        json["vendor"] = "postgres";
        break;
    case ObjectKind::Model:
        json["source_table"] = "";
        json["columns"] = Json::array();
        break;
    case ObjectKind::Product:
        json["models"] = Json::array();
        break;
    case ObjectKind::Recipient:
        json["id_in_provider_system"] = "";
        break;
    case ObjectKind::Destination:
        json["recipient"] = "";
        json["vendor"] = "postgres";
        break;
    }
    return ObjectDraft(kind, std::move(json));
}

const char *ObjectDraft::nameKey(ObjectKind kind)
{
    return kind == ObjectKind::Model ? "model_name" : "name";
}

QString ObjectDraft::name() const
{
    const auto it = m_json.find(nameKey(m_kind));
    return it != m_json.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

QString ObjectDraft::label() const
{
    return folderName(m_kind) + QLatin1Char('/') + WorkspaceReader::fileNameFor(name());
}

Json ObjectDraft::value(const QString &path) const
{
    const Json::json_pointer pointer = pointerFor(path);
    return m_json.contains(pointer) ? m_json.at(pointer) : Json();
}

QString ObjectDraft::text(const QString &path) const
{
    const Json found = value(path);
    if (found.is_null())
        return {};
    return QString::fromStdString(found.is_string() ? found.get<std::string>() : found.dump());
}

ObjectDraft ObjectDraft::with(const QString &path, const Json &value) const
{
    ObjectDraft copy = *this;
    const Json::json_pointer pointer = pointerFor(path);
    const bool remove = value.is_null() || (value.is_string() && value.get<std::string>().empty());
    if (remove) {
        if (copy.m_json.contains(pointer)) {
            Json &parent = copy.m_json.at(pointer.parent_pointer());
            if (parent.is_object())
                parent.erase(pointer.back());
            else if (parent.is_array())
                parent.erase(parent.begin() + std::stol(pointer.back()));
            // An emptied nested object (ssh_tunnel) goes too, as export would leave it out.
            const Json::json_pointer parentPointer = pointer.parent_pointer();
            if (!parentPointer.empty() && parent.is_object() && parent.empty())
                copy.m_json.at(parentPointer.parent_pointer()).erase(parentPointer.back());
        }
        return copy;
    }
    copy.m_json[pointer] = value;
    return copy;
}

ObjectDraft ObjectDraft::withJson(Json json) const
{
    return ObjectDraft(m_kind, std::move(json), m_id);
}

ObjectDraft ObjectDraft::withId(const QString &id) const
{
    return ObjectDraft(m_kind, m_json, id);
}

Workspace ObjectDraft::read(ValidationReport &report) const
{
    Workspace workspace;
    const qsizetype first = report.size();
    WorkspaceReader::readText(m_kind, QByteArray::fromStdString(m_json.dump()), label(), name(), workspace, report);
    report.attribute(first, m_kind, name());
    switch (m_kind) {
    case ObjectKind::Source:
        for (Source &object : workspace.sources)
            object.id = m_id, object.file = label();
        break;
    case ObjectKind::Model:
        for (Model &object : workspace.models)
            object.id = m_id, object.file = label();
        break;
    case ObjectKind::Product:
        for (Product &object : workspace.products)
            object.id = m_id, object.file = label();
        break;
    case ObjectKind::Recipient:
        for (Recipient &object : workspace.recipients)
            object.id = m_id, object.file = label();
        break;
    case ObjectKind::Destination:
        for (Destination &object : workspace.destinations)
            object.id = m_id, object.file = label();
        break;
    }
    return workspace;
}

ObjectDraft ObjectDraft::canonical() const
{
    ValidationReport report;
    const Workspace workspace = read(report);
    if (report.hasErrors() || workspace.objectCount() != 1)
        return *this;
    return ObjectDraft(m_kind, ConfigJson::toJson(workspace, m_kind, 0, false), m_id);
}

QString ObjectDraft::fileText() const
{
    return ConfigJson::toFileText(m_json);
}

std::optional<Json> ObjectDraft::parse(const QString &text, ParseError *error)
{
    const std::string utf8 = text.toStdString();
    try {
        Json json = Json::parse(utf8);
        if (!json.is_object()) {
            if (error)
                *error = {QStringLiteral("the text must be one JSON object ({ ... })"), 1, 1};
            return std::nullopt;
        }
        return json;
    } catch (const Json::parse_error &failure) {
        if (error) {
            // nlohmann counts bytes; the line is what people look for.
            const std::string before = utf8.substr(0, std::min<size_t>(failure.byte, utf8.size()));
            const int line = int(std::count(before.begin(), before.end(), '\n')) + 1;
            const size_t lineStart = before.rfind('\n');
            const int column = int(before.size() - (lineStart == std::string::npos ? 0 : lineStart + 1));
            QString reason = QString::fromStdString(failure.what());
            const qsizetype colon = reason.lastIndexOf(QLatin1String(": "));
            reason = colon >= 0 ? reason.mid(colon + 2) : reason;
            *error = {reason, line, std::max(column, 1)};
        }
        return std::nullopt;
    }
}

} // namespace ferry::ui
