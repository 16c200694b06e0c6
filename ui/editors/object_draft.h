#pragma once

#include "config/object_kind.h"
#include "config/workspace.h"
#include "validate/validation_report.h"

#include <nlohmann/json.hpp>

#include <QString>

#include <optional>

namespace ferry::ui {

// One object as an editor holds it: the JSON its file would hold (without the id, which lives beside it), so the
// form, the JSON tab, undo and the reader all share one representation. Values are immutable: an edit makes a new
// draft.
class ObjectDraft
{
public:
    using Json = nlohmann::ordered_json;

    ObjectDraft() = default;
    ObjectDraft(ObjectKind kind, Json json, QString id = {});
    // The object `index` of `kind`, as the state database stores it.
    static ObjectDraft fromWorkspace(const Workspace &workspace, ObjectKind kind, qsizetype index);
    // A new object's starting JSON ("name" only, or a model's required keys).
    static ObjectDraft blank(ObjectKind kind, const QString &name);

    ObjectKind kind() const { return m_kind; }
    const QString &id() const { return m_id; }
    const Json &json() const { return m_json; }
    QString name() const;
    // "name", or "model_name" for models.
    static const char *nameKey(ObjectKind kind);
    // The file label problems name: "models/events.json".
    QString label() const;

    // The value at a JSON path as validation names it ("host", "ssh_tunnel.port", "columns[2].data_type"); null
    // when absent.
    Json value(const QString &path) const;
    QString text(const QString &path) const; // a string value, or the JSON of any other value; empty when absent
    // A copy with `value` at `path`; a null value (or an empty string) removes the key.
    ObjectDraft with(const QString &path, const Json &value) const;
    ObjectDraft withJson(Json json) const;
    ObjectDraft withId(const QString &id) const;

    // The object as the reader reads it (a workspace holding it alone), its read problems (types, unknown keys)
    // added to `report`.
    Workspace read(ValidationReport &report) const;
    // The key order export writes when the object reads without errors, else the JSON as it is.
    ObjectDraft canonical() const;
    // Pretty file text (two-space indent).
    QString fileText() const;

    struct ParseError
    {
        QString message;
        int line = 0;
        int column = 0;
    };
    // Parses editor text: a JSON object, else where and why it is not.
    static std::optional<Json> parse(const QString &text, ParseError *error);

    bool operator==(const ObjectDraft &other) const
    {
        return m_kind == other.m_kind && m_id == other.m_id && m_json == other.m_json;
    }

private:
    ObjectKind m_kind = ObjectKind::Source;
    Json m_json = Json::object();
    QString m_id;
};

} // namespace ferry::ui
