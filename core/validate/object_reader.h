#pragma once

#include "validate/validation_report.h"

#include <nlohmann/json.hpp>

#include <QString>
#include <QStringList>

#include <limits>
#include <optional>

namespace ferry {

// Reads the keys of one JSON object into typed values, reporting wrong types, missing required keys and (in
// finish()) unknown keys with a "did you mean" hint. Every key asked for becomes a known key of the object.
class ObjectReader
{
public:
    using Json = nlohmann::json;
    enum class Need { Optional, Required };

    ObjectReader(const Json &object, QString file, QString basePath, ValidationReport &report);

    std::optional<QString> string(const char *key, Need need = Need::Optional);
    std::optional<qint64> integer(const char *key, qint64 min, qint64 max = std::numeric_limits<qint64>::max(),
                                  Need need = Need::Optional);
    std::optional<bool> boolean(const char *key, Need need = Need::Optional);
    std::optional<QStringList> stringList(const char *key, Need need = Need::Optional);
    // The value of a key that must be an object / an array, or nullptr (reported) when absent or mistyped.
    const Json *object(const char *key, Need need = Need::Optional);
    const Json *array(const char *key, Need need = Need::Optional);

    // Reports keys nobody asked for. Secret-looking keys get a message about where secrets belong instead.
    void finish();

    QString pathOf(const QString &key) const;
    const QString &file() const { return m_file; }
    ValidationReport &report() { return m_report; }

private:
    const Json *lookup(const char *key, Need need);
    void typeError(const char *key, const QString &expected);

    const Json &m_object;
    QString m_file;
    QString m_basePath;
    ValidationReport &m_report;
    QStringList m_known;
};

} // namespace ferry
