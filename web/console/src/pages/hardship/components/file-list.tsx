import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../../shared/format.ts';
import { LoadMore } from '../../../components/load-more.tsx';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { useSession } from '../../../session.tsx';
import { hardshipApi, type FileFilters, type FilePage, type FileStatus, type FileSummary, type HardshipCategory } from '../api.ts';
import { causeText, FILE_STATUSES, HARDSHIP_CATEGORIES } from '../rules.ts';
import { CategoryCell, StatusTag } from './words.tsx';
import { FilesOverviewBar } from './files-overview.tsx';

/**
 * 困难档案: the subtree's figures and review reminders above its files, newest first, filtered by union
 * (and those under it), status, category and review (due within 30 days, overdue), a page at a time
 * (加载更多). The file number opens the file.
 */
export function FileList() {
  const { t } = useTranslation();
  const { access } = useSession();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<FileFilters>({});
  const list = useCursorList<FileSummary, FileFilters, FilePage>(filters, (query, cursor) => hardshipApi.list(query, cursor));
  const [version, setVersion] = useState(0);
  const set = (part: Partial<FileFilters>) => setFilters((previous) => ({ ...previous, ...part }));
  const filtered = Boolean(filters.orgId ?? filters.status ?? filters.category ?? filters.review);
  const k = 'consoleHardship.list';

  return (
    <div data-testid="hardship-list">
      <FilesOverviewBar version={version} onFilter={(chosen) => setFilters({ ...chosen, status: undefined, category: undefined })} />
      <div className="gh-toolbar">
        <Space wrap size={8}>
          <div style={{ width: 220 }}>
            <OrgPicker
              allowClear
              value={filters.orgId}
              onChange={(orgId) => set({ orgId })}
              placeholder={t(`${k}.unionPlaceholder`)}
              data-testid="hardship-filter-union"
            />
          </div>
          <Select<FileStatus | 'all'>
            style={{ width: 140 }}
            value={filters.status ?? 'all'}
            onChange={(status) => set({ status: status === 'all' ? undefined : status })}
            options={[
              { value: 'all', label: t(`${k}.allStatuses`) },
              ...FILE_STATUSES.map((s) => ({ value: s, label: t(`consoleHardship.status.${s}`) })),
            ]}
            data-testid="hardship-filter-status"
          />
          <Select<HardshipCategory | 'all'>
            style={{ width: 130 }}
            value={filters.category ?? 'all'}
            onChange={(category) => set({ category: category === 'all' ? undefined : category })}
            options={[
              { value: 'all', label: t(`${k}.allCategories`) },
              ...HARDSHIP_CATEGORIES.map((c) => ({ value: c, label: t(`consoleHardship.category.${c}`) })),
            ]}
            data-testid="hardship-filter-category"
          />
          <Select<NonNullable<FileFilters['review']> | 'all'>
            style={{ width: 150 }}
            value={filters.review ?? 'all'}
            onChange={(review) => set({ review: review === 'all' ? undefined : review })}
            options={[
              { value: 'all', label: t(`${k}.allReviews`) },
              { value: 'due', label: t(`${k}.reviewDue`) },
              { value: 'overdue', label: t(`${k}.reviewOverdue`) },
            ]}
            data-testid="hardship-filter-review"
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                void list.reload();
                setVersion((v) => v + 1);
              }}
              data-testid="hardship-refresh"
            />
          </Tooltip>
        </Space>
        <Space>
          <Typography.Text type="secondary" data-testid="hardship-shown">
            {t(`${k}.shown`, { count: list.items.length })}
          </Typography.Text>
          {access.canEditHardship && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/hardship/new')} data-testid="hardship-new">
              {t(`${k}.new`)}
            </Button>
          )}
        </Space>
      </div>
      {list.problem && <Alert type="error" showIcon title={list.problem} className="gh-form-alert" />}
      <Table<FileSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t(filtered ? `${k}.emptyFiltered` : `${k}.empty`) }}
        onRow={(f) => ({ 'data-testid': `hardship-row-${f.id}` }) as React.HTMLAttributes<HTMLElement>}
        footer={list.hasMore ? () => <LoadMore list={list} testId="hardship-load-more" /> : undefined}
        columns={[
          {
            key: 'fileNumber',
            title: t(`${k}.fileNumber`),
            width: 190,
            render: (_, f) => (
              <Link to={`/hardship/${f.id}`} className="gh-mono" data-testid={`hardship-link-${f.id}`}>
                {f.fileNumber}
              </Link>
            ),
          },
          {
            key: 'applicant',
            title: t(`${k}.applicant`),
            width: 150,
            render: (_, f) => (
              <div>
                <Space size={4}>
                  <span data-testid="hardship-applicant">{f.applicantName}</span>
                  {f.isMember && (
                    <Tag bordered={false} color="red" className="gh-hardship-mark">
                      {t(`${k}.member`)}
                    </Tag>
                  )}
                </Space>
                <div>
                  <Typography.Text type="secondary" className="gh-mono gh-hardship-small">
                    {f.applicantPhone}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { key: 'union', title: t(`${k}.union`), width: 160, dataIndex: 'orgName' },
          {
            key: 'size',
            title: t(`${k}.size`),
            width: 90,
            align: 'right',
            render: (_, f) => t(`${k}.sizeValue`, { count: f.householdSize }),
          },
          {
            key: 'causes',
            title: t(`${k}.causes`),
            render: (_, f) => (
              <Space size={[0, 4]} wrap>
                {f.causes.map((c) => (
                  <Tag key={c} bordered={false}>
                    {causeText(c)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { key: 'category', title: t(`${k}.category`), width: 170, render: (_, f) => <CategoryCell file={f} /> },
          { key: 'status', title: t(`${k}.status`), width: 100, render: (_, f) => <StatusTag status={f.status} /> },
          { key: 'dates', title: t(`${k}.dates`), width: 150, render: (_, f) => <FileDates file={f} /> },
        ]}
      />
    </div>
  );
}

/** The dates that matter for the file's status: when the notice ends, when it was filed and is due for review, when it closed. */
function FileDates({ file }: { file: FileSummary }) {
  const { t } = useTranslation();
  const k = 'consoleHardship.list';
  const lines = [
    file.noticeEndsOn && t(`${k}.noticeEndsOn`, { day: file.noticeEndsOn }),
    file.filedOn && t(`${k}.filedOn`, { day: file.filedOn }),
    file.reviewDueOn && t(`${k}.reviewDueOn`, { day: file.reviewDueOn }),
    file.closedOn && t(`${k}.closedOn`, { day: file.closedOn }),
  ].filter((line): line is string => !!line);
  return (
    <div className="gh-hardship-dates gh-hardship-small">
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
      <Typography.Text type="secondary" className="gh-hardship-small">
        {t(`${k}.createdOn`, { day: formatDate(file.createdAt) })}
      </Typography.Text>
    </div>
  );
}
