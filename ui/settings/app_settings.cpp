#include "settings/app_settings.h"

#include <QSettings>

namespace ferry::ui {

namespace {

struct KeyInfo
{
    const char *path;
    QVariant defaultValue;
};

KeyInfo info(AppSettings::Key key)
{
    switch (key) {
    case AppSettings::Key::WindowGeometry: return {"window/geometry", QByteArray()};
    case AppSettings::Key::WindowState: return {"window/state", QByteArray()};
    case AppSettings::Key::CurrentPage: return {"window/page", QStringLiteral("transfers")};
    case AppSettings::Key::LastStateDatabase: return {"state/last", QString()};
    case AppSettings::Key::WelcomeDismissed: return {"firstRun/welcomeDismissed", false};
    case AppSettings::Key::GuideActive: return {"firstRun/guideActive", false};
    case AppSettings::Key::GuideProgress: return {"firstRun/guideProgress", QVariantMap()};
    }
    return {"unknown", {}};
}

// Widget names become one settings path segment each: no slash may nest them elsewhere.
QString segment(const QString &name)
{
    QString cleaned = name;
    cleaned.replace(QLatin1Char('/'), QLatin1Char('_'));
    return cleaned;
}

} // namespace

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::AppSettings(const QString &path) : m_settings(std::make_unique<QSettings>(path, QSettings::IniFormat)) {}

AppSettings::~AppSettings() = default;

QVariant AppSettings::get(Key key) const
{
    const KeyInfo keyInfo = info(key);
    return m_settings->value(QLatin1String(keyInfo.path), keyInfo.defaultValue);
}

void AppSettings::set(Key key, const QVariant &value)
{
    m_settings->setValue(QLatin1String(info(key).path), value);
}

QByteArray AppSettings::splitterState(const QString &name) const
{
    return m_settings->value(QStringLiteral("splitters/") + segment(name)).toByteArray();
}

void AppSettings::setSplitterState(const QString &name, const QByteArray &state)
{
    m_settings->setValue(QStringLiteral("splitters/") + segment(name), state);
}

QByteArray AppSettings::headerState(const QString &name) const
{
    return m_settings->value(QStringLiteral("headers/") + segment(name)).toByteArray();
}

void AppSettings::setHeaderState(const QString &name, const QByteArray &state)
{
    m_settings->setValue(QStringLiteral("headers/") + segment(name), state);
}

QVariantMap AppSettings::filters(const QString &page) const
{
    return m_settings->value(QStringLiteral("filters/") + segment(page)).toMap();
}

void AppSettings::setFilters(const QString &page, const QVariantMap &filters)
{
    m_settings->setValue(QStringLiteral("filters/") + segment(page), filters);
}

void AppSettings::sync()
{
    m_settings->sync();
}

} // namespace ferry::ui
