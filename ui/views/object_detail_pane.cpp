#include "views/object_detail_pane.h"

#include "models/issue_list_model.h"
#include "models/model_columns_model.h"
#include "models/object_display.h"
#include "models/transfer_display.h"
#include "models/object_fields_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

constexpr int kIconSize = 32;
constexpr int kColumnsTab = 1;

QLabel *iconLabel(const QIcon &icon, int size, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setPixmap(icon.pixmap(size, size));
    label->setFixedSize(size, size);
    return label;
}

} // namespace

ObjectDetailPane::ObjectDetailPane(QWidget *parent)
    : QWidget(parent),
      m_fieldsModel(new ObjectFieldsModel(this)),
      m_columnsModel(new ModelColumnsModel(this)),
      m_issueModel(new IssueListModel(this))
{
    m_placeholder = new QLabel(this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false); // the palette's disabled text: a quiet hint, not content

    auto *content = new QWidget(this);
    m_tabs = new QTabWidget(content);
    m_fieldsView = createTable(m_tabs);
    m_fieldsView->setModel(m_fieldsModel);
    m_fieldsView->horizontalHeader()->resizeSection(ObjectFieldsModel::FieldColumn, 260);
    m_columnsView = createTable(m_tabs);
    m_columnsView->setModel(m_columnsModel);
    QHeaderView *columnsHeader = m_columnsView->horizontalHeader();
    columnsHeader->resizeSection(ModelColumnsModel::SourceNameSection, 170);
    columnsHeader->resizeSection(ModelColumnsModel::DestinationNameSection, 170);
    columnsHeader->resizeSection(ModelColumnsModel::TypeSection, 100);
    columnsHeader->resizeSection(ModelColumnsModel::PrimaryKeySection, 50);
    columnsHeader->resizeSection(ModelColumnsModel::LastModifiedSection, 100);
    m_tabs->addTab(m_fieldsView, QStringLiteral("Fields"));
    m_tabs->addTab(m_columnsView, QStringLiteral("Columns"));

    auto *splitter = new QSplitter(Qt::Vertical, content);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tabs);
    splitter->addWidget(buildProblems());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({460, 160});

    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(10);
    contentLayout->addWidget(buildHeader());
    contentLayout->addWidget(splitter, 1);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_placeholder);
    m_pages->addWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 10, 6);
    layout->addWidget(m_pages);
    showPlaceholder(QStringLiteral("Select an object"));
}

QWidget *ObjectDetailPane::buildHeader()
{
    auto *header = new QWidget(this);
    m_icon = new QLabel(header);
    m_icon->setFixedSize(kIconSize, kIconSize);
    m_title = new QLabel(header);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle = new QLabel(header);
    m_subtitle->setEnabled(false);
    m_badge = new QLabel(header);
    m_badge->setTextFormat(Qt::PlainText);

    m_health = new QLabel(header);
    m_health->setObjectName(QStringLiteral("destinationHealth"));
    m_health->setTextFormat(Qt::PlainText);
    m_health->setWordWrap(true);
    m_health->hide();

    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    titles->addWidget(m_health);
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(titles, 1);
    layout->addWidget(m_badge, 0, Qt::AlignRight | Qt::AlignVCenter);
    return header;
}

QWidget *ObjectDetailPane::buildProblems()
{
    auto *problems = new QWidget(this);
    m_problemsHeading = new QLabel(problems);
    QFont headingFont = m_problemsHeading->font();
    headingFont.setBold(true);
    m_problemsHeading->setFont(headingFont);

    auto *none = new QWidget(problems);
    auto *noneLayout = new QHBoxLayout(none);
    noneLayout->setContentsMargins(4, 4, 4, 4);
    noneLayout->addWidget(iconLabel(ObjectDisplay::okIcon(), 16, none));
    noneLayout->addWidget(new QLabel(QStringLiteral("No validation problems"), none), 1);
    noneLayout->setAlignment(Qt::AlignTop);

    m_issuesView = createTable(problems);
    m_issuesView->setModel(m_issueModel);
    m_issuesView->horizontalHeader()->resizeSection(IssueListModel::SeverityColumn, 100);
    m_issuesView->horizontalHeader()->resizeSection(IssueListModel::PathColumn, 240);
    m_issuesView->setTextElideMode(Qt::ElideRight); // the full message is in the tooltip

    m_problemsStack = new QStackedWidget(problems);
    m_problemsStack->addWidget(none);
    m_problemsStack->addWidget(m_issuesView);

    auto *layout = new QVBoxLayout(problems);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_problemsHeading);
    layout->addWidget(m_problemsStack, 1);
    return problems;
}

QTableView *ObjectDetailPane::createTable(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 10);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setHighlightSections(false);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideMiddle);
    return view;
}

void ObjectDetailPane::showObject(const Workspace &workspace, const ValidationReport &report, ObjectKind kind,
                                  qsizetype index)
{
    const QString name = ObjectDisplay::name(workspace, kind, index);
    const QString file = ObjectDisplay::file(workspace, kind, index);
    const QList<ValidationIssue> issues = report.issuesFor(kind, name, file);

    m_icon->setPixmap(ObjectDisplay::kindIcon(kind).pixmap(kIconSize, kIconSize));
    m_title->setText(name);
    const QChar dot(0x00B7);
    m_subtitle->setText(ObjectDisplay::title(kind) + QLatin1Char(' ') + dot + QLatin1Char(' ') +
                        ObjectDisplay::summary(workspace, kind, index) +
                        (file.isEmpty() ? QString() : QLatin1Char(' ') + dot + QLatin1Char(' ') + file));

    m_fieldsModel->setObject(workspace, kind, index);
    m_fieldsModel->setIssues(issues);
    const bool isModel = kind == ObjectKind::Model;
    if (isModel)
        m_columnsModel->setModel(workspace.models.at(index), issues);
    else
        m_columnsModel->clear();
    m_tabs->setTabVisible(kColumnsTab, isModel);
    m_tabs->setTabText(kColumnsTab, QStringLiteral("Columns (%1)").arg(m_columnsModel->rowCount()));
    if (!isModel)
        m_tabs->setCurrentIndex(0);

    m_issueModel->setIssues(issues);
    showHealth(kind, name);
    showProblems();
    m_pages->setCurrentIndex(1);
}

void ObjectDetailPane::showProblems()
{
    const int errors = m_issueModel->errorCount();
    const int warnings = m_issueModel->warningCount();
    const bool none = errors + warnings == 0;
    m_problemsHeading->setText(none ? QStringLiteral("Problems") : QStringLiteral("Problems (%1)").arg(errors + warnings));
    m_problemsStack->setCurrentIndex(none ? 0 : 1);
    m_badge->setText(none ? QStringLiteral("No problems") : ObjectDisplay::problemCountText(errors, warnings));
    m_badge->setToolTip(none ? QStringLiteral("Validation found nothing to fix")
                             : QStringLiteral("Validation problems: fix them in the workspace files and apply again"));
    if (m_lastFailed) { // never a calm "No problems" beside a failed delivery
        m_badge->setText(none ? QStringLiteral("Last transfer failed")
                              : QStringLiteral("Last transfer failed · ") + ObjectDisplay::problemCountText(errors, warnings));
        m_badge->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                                   .arg(TransferDisplay::statusColor(QStringLiteral("ERROR")).name()));
    } else {
        m_badge->setStyleSheet({});
    }
}

void ObjectDetailPane::setDestinationHealth(const QHash<QString, TransferSummary> &latest)
{
    m_latest = latest;
}

QString ObjectDetailPane::healthText() const
{
    return m_health->isHidden() ? QString() : m_health->text();
}

void ObjectDetailPane::showHealth(ObjectKind kind, const QString &name)
{
    m_lastFailed = false;
    const auto found = kind == ObjectKind::Destination ? m_latest.constFind(name) : m_latest.cend();
    if (found == m_latest.cend()) {
        m_health->clear();
        m_health->hide();
        return;
    }
    const TransferSummary &last = *found;
    m_lastFailed = TransferDisplay::isFailure(last.status);
    m_health->setText(TransferDisplay::lastTransferText(last));
    m_health->setToolTip(QStringLiteral("Transfer %1; see the Transfers page for its details and logs").arg(last.id));
    m_health->setStyleSheet(QStringLiteral("color: %1;").arg(TransferDisplay::statusColor(last.status).name()) +
                            (m_lastFailed ? QStringLiteral(" font-weight: bold;") : QString()));
    m_health->show();
}

void ObjectDetailPane::showPlaceholder(const QString &text)
{
    m_placeholder->setText(text);
    m_fieldsModel->clear();
    m_columnsModel->clear();
    m_issueModel->setIssues({});
    m_title->clear();
    m_subtitle->clear();
    m_badge->clear();
    m_health->hide();
    m_pages->setCurrentIndex(0);
}

QString ObjectDetailPane::title() const
{
    return m_title->text();
}

QString ObjectDetailPane::subtitle() const
{
    return m_subtitle->text();
}

QString ObjectDetailPane::problemSummary() const
{
    return m_badge->text();
}

bool ObjectDetailPane::isShowingObject() const
{
    return m_pages->currentIndex() == 1;
}

bool ObjectDetailPane::isColumnsTabVisible() const
{
    return m_tabs->isTabVisible(kColumnsTab);
}

} // namespace ferry::ui
