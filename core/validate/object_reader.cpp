#include "validate/object_reader.h"

#include "validate/did_you_mean.h"

namespace ferry {

namespace {

QString describe(const nlohmann::json &value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return QStringLiteral("null");
    case nlohmann::json::value_t::boolean:
        return QStringLiteral("a boolean");
    case nlohmann::json::value_t::string:
        return QStringLiteral("a string");
    case nlohmann::json::value_t::array:
        return QStringLiteral("an array");
    case nlohmann::json::value_t::object:
        return QStringLiteral("an object");
    case nlohmann::json::value_t::number_float:
        return QStringLiteral("a fractional number");
    default:
        return QStringLiteral("a number");
    }
}

bool looksLikeSecret(const QString &key)
{
    const QString lower = key.toLower();
    return lower == QLatin1String("password") || lower == QLatin1String("passwd") || lower == QLatin1String("secret") ||
           lower == QLatin1String("private_key") || lower == QLatin1String("token") || lower.endsWith(QLatin1String("_password"));
}

} // namespace

ObjectReader::ObjectReader(const Json &object, QString file, QString basePath, ValidationReport &report)
    : m_object(object), m_file(std::move(file)), m_basePath(std::move(basePath)), m_report(report)
{
}

QString ObjectReader::pathOf(const QString &key) const
{
    return m_basePath.isEmpty() ? key : m_basePath + QLatin1Char('.') + key;
}

const ObjectReader::Json *ObjectReader::lookup(const char *key, Need need)
{
    m_known << QLatin1String(key);
    const auto it = m_object.find(key);
    if (it == m_object.end()) {
        if (need == Need::Required)
            m_report.error(m_file, pathOf(QLatin1String(key)), QStringLiteral("is required"));
        return nullptr;
    }
    return &*it;
}

void ObjectReader::typeError(const char *key, const QString &expected)
{
    const Json &value = m_object.at(key);
    m_report.error(m_file, pathOf(QLatin1String(key)),
                   QStringLiteral("must be %1, not %2").arg(expected, describe(value)));
}

std::optional<QString> ObjectReader::string(const char *key, Need need)
{
    const Json *value = lookup(key, need);
    if (!value)
        return std::nullopt;
    if (!value->is_string()) {
        typeError(key, QStringLiteral("a string"));
        return std::nullopt;
    }
    const QString text = QString::fromStdString(value->get<std::string>());
    if (need == Need::Required && text.trimmed().isEmpty()) {
        m_report.error(m_file, pathOf(QLatin1String(key)), QStringLiteral("must not be empty"));
        return std::nullopt;
    }
    return text;
}

std::optional<qint64> ObjectReader::integer(const char *key, qint64 min, qint64 max, Need need)
{
    const Json *value = lookup(key, need);
    if (!value)
        return std::nullopt;
    const QString range = max == std::numeric_limits<qint64>::max() ? QStringLiteral("at least %1").arg(min)
                                                                     : QStringLiteral("between %1 and %2").arg(min).arg(max);
    if (value->is_number_unsigned() && value->get<quint64>() > quint64(max)) {
        m_report.error(m_file, pathOf(QLatin1String(key)),
                       QStringLiteral("must be %1, not %2").arg(range).arg(value->get<quint64>()));
        return std::nullopt;
    }
    if (!value->is_number_integer()) {
        typeError(key, QStringLiteral("an integer"));
        return std::nullopt;
    }
    const qint64 number = value->get<qint64>();
    if (number < min || number > max) {
        m_report.error(m_file, pathOf(QLatin1String(key)), QStringLiteral("must be %1, not %2").arg(range).arg(number));
        return std::nullopt;
    }
    return number;
}

std::optional<bool> ObjectReader::boolean(const char *key, Need need)
{
    const Json *value = lookup(key, need);
    if (!value)
        return std::nullopt;
    if (!value->is_boolean()) {
        typeError(key, QStringLiteral("true or false"));
        return std::nullopt;
    }
    return value->get<bool>();
}

std::optional<QStringList> ObjectReader::stringList(const char *key, Need need)
{
    const Json *value = lookup(key, need);
    if (!value)
        return std::nullopt;
    if (!value->is_array()) {
        typeError(key, QStringLiteral("an array of strings"));
        return std::nullopt;
    }
    QStringList result;
    bool ok = true;
    for (std::size_t i = 0; i < value->size(); ++i) {
        const Json &item = (*value)[i];
        const QString itemPath = pathOf(QLatin1String(key)) + QStringLiteral("[%1]").arg(i);
        if (!item.is_string()) {
            m_report.error(m_file, itemPath, QStringLiteral("must be a string, not %1").arg(describe(item)));
            ok = false;
            continue;
        }
        result << QString::fromStdString(item.get<std::string>());
    }
    return ok ? std::optional<QStringList>(result) : std::nullopt;
}

const ObjectReader::Json *ObjectReader::object(const char *key, Need need)
{
    const Json *value = lookup(key, need);
    if (value && !value->is_object()) {
        typeError(key, QStringLiteral("an object"));
        return nullptr;
    }
    return value;
}

const ObjectReader::Json *ObjectReader::array(const char *key, Need need)
{
    const Json *value = lookup(key, need);
    if (value && !value->is_array()) {
        typeError(key, QStringLiteral("an array"));
        return nullptr;
    }
    return value;
}

void ObjectReader::finish()
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (m_known.contains(key))
            continue;
        if (looksLikeSecret(key) && m_known.contains(QLatin1String("password_env"))) {
            m_report.error(m_file, pathOf(key),
                           QStringLiteral("secrets never go in workspace files; name an environment variable in "
                                          "\"password_env\", or keep the password in the system keychain with "
                                          "\"password_keychain\": true, instead"));
            continue;
        }
        m_report.error(m_file, pathOf(key), QStringLiteral("unknown key") + didYouMeanSuffix(key, m_known));
    }
}

} // namespace ferry
