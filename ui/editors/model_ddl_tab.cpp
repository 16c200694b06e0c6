#include "editors/model_ddl_tab.h"

#include "connectors/destination_writer.h"
#include "rows/sql_dialect.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace ferry::ui {

ModelDdlTab::ModelDdlTab(QWidget *parent) : QWidget(parent), m_vendor(new QComboBox(this)), m_text(new QPlainTextEdit(this))
{
    m_vendor->addItem(QStringLiteral("PostgreSQL"), QStringLiteral("postgres"));
    m_vendor->addItem(QStringLiteral("MySQL / MariaDB"), QStringLiteral("mysql"));
    m_vendor->addItem(QStringLiteral("SQLite"), QStringLiteral("sqlite"));
    m_text->setObjectName(QStringLiteral("ddlText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *hint = new QLabel(QStringLiteral("What the first transfer creates at a destination of this kind (Ferry adds "
                                           "its status table beside it). Column order is the Columns tab's order."),
                            this);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Destination"), m_vendor);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addWidget(m_text, 1);
    connect(m_vendor, &QComboBox::currentIndexChanged, this, &ModelDdlTab::render);
}

void ModelDdlTab::showDraft(const ObjectDraft &draft)
{
    m_draft = draft;
    if (isVisible())
        render();
    else
        m_text->clear(); // rendered when shown: typing in the form never waits on it
}

void ModelDdlTab::setVendor(const QString &vendor)
{
    m_vendor->setCurrentIndex(std::max(0, m_vendor->findData(vendor)));
    render();
}

QString ModelDdlTab::ddlText() const
{
    return m_text->toPlainText();
}

void ModelDdlTab::render()
{
    ValidationReport report;
    const Workspace read = m_draft.read(report);
    if (read.models.isEmpty() || read.models.first().columns.isEmpty()) {
        m_text->setPlainText(QStringLiteral("-- The model has no columns yet."));
        return;
    }
    const QString vendor = m_vendor->currentData().toString();
    const std::optional<SqlDialect> dialect = SqlDialect::forVendorName(vendor);
    if (!dialect)
        return;
    Destination destination;
    destination.vendor = vendor;
    const TableSpec spec = TableSpec::build(read.models.first(), destination);
    QString text = spec.createStatement(*dialect, vendor == QLatin1String("mysql")
                                                      ? QStringLiteral("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
                                                      : QString()) +
                   QLatin1Char(';');
    if (spec.primaryKeyIndex < 0 && !spec.appendOnly)
        text.prepend(QStringLiteral("-- No primary key marked yet: upserts need one.\n"));
    m_text->setPlainText(text);
}

void ModelDdlTab::showEvent(QShowEvent *event)
{
    render();
    QWidget::showEvent(event);
}

} // namespace ferry::ui
