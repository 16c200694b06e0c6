#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <memory>

class QSettings;

namespace ferry::ui {

// The desktop app's remembered settings, typed (KeePassXC's Config pattern): one key per setting with its default,
// so no caller spells a settings path or guesses a default. Stored by QSettings in the user's configuration folder
// (tests use QStandardPaths' test mode or an explicit file).
class AppSettings
{
public:
    enum class Key {
        WindowGeometry,
        WindowState,
        CurrentPage,
        LastStateDatabase,
        WelcomeDismissed, // the first-run welcome pane was answered (or closed)
        GuideActive,      // the "Connect your own data" guide is open (resumed on the next start)
        GuideProgress,    // what the guide made so far (GuideProgress::toSettings)
    };

    AppSettings();
    // Settings kept in an INI file at `path` (tests, portable installs).
    explicit AppSettings(const QString &path);
    ~AppSettings();
    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    QVariant get(Key key) const;
    void set(Key key, const QVariant &value);

    QByteArray windowGeometry() const { return get(Key::WindowGeometry).toByteArray(); }
    void setWindowGeometry(const QByteArray &geometry) { set(Key::WindowGeometry, geometry); }
    QByteArray windowState() const { return get(Key::WindowState).toByteArray(); }
    void setWindowState(const QByteArray &state) { set(Key::WindowState, state); }
    QString currentPage() const { return get(Key::CurrentPage).toString(); }
    void setCurrentPage(const QString &page) { set(Key::CurrentPage, page); }
    QString lastStateDatabase() const { return get(Key::LastStateDatabase).toString(); }
    void setLastStateDatabase(const QString &url) { set(Key::LastStateDatabase, url); }
    bool welcomeDismissed() const { return get(Key::WelcomeDismissed).toBool(); }
    void setWelcomeDismissed(bool dismissed) { set(Key::WelcomeDismissed, dismissed); }
    bool guideActive() const { return get(Key::GuideActive).toBool(); }
    void setGuideActive(bool active) { set(Key::GuideActive, active); }
    QVariantMap guideProgress() const { return get(Key::GuideProgress).toMap(); }
    void setGuideProgress(const QVariantMap &progress) { set(Key::GuideProgress, progress); }

    // Per named widget: a splitter's sizes, a header's column widths and order, a page's filters.
    QByteArray splitterState(const QString &name) const;
    void setSplitterState(const QString &name, const QByteArray &state);
    QByteArray headerState(const QString &name) const;
    void setHeaderState(const QString &name, const QByteArray &state);
    QVariantMap filters(const QString &page) const;
    void setFilters(const QString &page, const QVariantMap &filters);

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace ferry::ui
