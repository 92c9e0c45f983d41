import { useRef, useState } from 'react';
import { App, Button, Collapse, Empty, Image, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../../shared/api.ts';
import { photosApi } from '../../photos/api.ts';
import { PHOTO_ACCEPT, PhotoThumb } from '../../photos/photo-gallery.tsx';
import { shrinkPhoto } from '../../photos/shrink.ts';
import type { Inspection } from '../api.ts';
import { conclusionColor, InspectionConclusionTag } from './conclusion-tag.tsx';

/** A station's inspections, the latest first: each visit's conclusion, what failed and why, its evidence. */
export function InspectionHistory({
  items,
  loading,
  hasMore,
  onLoadMore,
  canEdit,
  today,
  onChanged,
}: {
  items: Inspection[];
  loading: boolean;
  hasMore: boolean;
  onLoadMore: () => void;
  canEdit: boolean;
  today: string;
  onChanged: (inspection: Inspection) => void;
}) {
  const { t } = useTranslation();
  if (loading && items.length === 0) return <Spin />;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consoleStationInspections.history.empty')} />;
  return (
    <div data-testid="inspection-history">
      <Timeline
        items={items.map((inspection, index) => ({
          key: inspection.id,
          color: conclusionColor(inspection.conclusion, index === 0 && overdue(inspection, today)),
          content: (
            <InspectionEntry
              inspection={inspection}
              overdue={index === 0 && overdue(inspection, today)}
              canEdit={canEdit}
              onChanged={onChanged}
            />
          ),
        }))}
      />
      {hasMore && (
        <Button onClick={onLoadMore} loading={loading}>
          {t('consoleStationInspections.history.loadMore')}
        </Button>
      )}
    </div>
  );
}

/** Only the latest visit can be overdue: a later one replaces its verdict. */
const overdue = (inspection: Inspection, today: string) =>
  inspection.conclusion === 'rectify' && inspection.rectifyBy !== null && inspection.rectifyBy < today;

function InspectionEntry({
  inspection,
  overdue,
  canEdit,
  onChanged,
}: {
  inspection: Inspection;
  overdue: boolean;
  canEdit: boolean;
  onChanged: (inspection: Inspection) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const failed = inspection.results.filter((r) => r.result === 'fail');

  const addEvidence = async (files: File[]) => {
    setUploading(true);
    let photos = inspection.photos;
    for (const file of files) {
      try {
        const shrunk = await shrinkPhoto(file);
        photos = [...photos, await photosApi.uploadEvidence(inspection.id, shrunk.blob, { fileName: shrunk.name })];
      } catch (error) {
        void message.error(t('consoleStationInspections.photos.failed', { name: file.name, reason: errorText(error) }));
      }
    }
    setUploading(false);
    onChanged({ ...inspection, photos });
  };

  return (
    <div className="gh-inspection-entry" data-testid="inspection-entry">
      <Space size={8} wrap>
        <Typography.Text strong>
          {t('consoleStationInspections.history.visitedBy', { day: inspection.visitedOn, inspector: inspection.inspectorName })}
        </Typography.Text>
        <InspectionConclusionTag last={{ ...inspection, overdue }} />
        {inspection.conclusion === 'rectify' && inspection.rectifyBy && (
          <Typography.Text type={overdue ? 'danger' : 'warning'}>
            {t('consoleStationInspections.conclusion.rectifyBy', { day: inspection.rectifyBy })}
          </Typography.Text>
        )}
      </Space>
      <div style={{ marginTop: 6 }}>
        {failed.length === 0 ? (
          <Typography.Text type="success">{t('consoleStationInspections.history.noFailures')}</Typography.Text>
        ) : (
          <ul className="gh-inspection-failures">
            {failed.map((r) => (
              <li key={r.code}>
                <Typography.Text>{r.text}</Typography.Text>
                {r.required && (
                  <Tag color="red" style={{ marginLeft: 6 }}>
                    {t('consoleStationInspections.form.required')}
                  </Tag>
                )}
                {r.note && <Typography.Text type="secondary"> — {r.note}</Typography.Text>}
              </li>
            ))}
          </ul>
        )}
      </div>
      {inspection.note && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('common.labelValue', { label: t('consoleStationInspections.history.note'), value: inspection.note })}
        </Typography.Paragraph>
      )}
      {(inspection.photos.length > 0 || canEdit) && (
        <div style={{ marginTop: 8 }}>
          <Image.PreviewGroup>
            <div className="gh-photo-strip">
              {inspection.photos.map((photo) => (
                <PhotoThumb key={photo.id} photo={photo} size="sm" />
              ))}
              {canEdit && (
                <>
                  <input
                    ref={input}
                    type="file"
                    accept={PHOTO_ACCEPT}
                    multiple
                    hidden
                    onChange={(event) => {
                      const files = [...(event.target.files ?? [])];
                      event.target.value = '';
                      if (files.length > 0) void addEvidence(files);
                    }}
                  />
                  <Button className="gh-evidence-add" icon={<CameraOutlined />} loading={uploading} onClick={() => input.current?.click()}>
                    {t('consoleStationInspections.history.addEvidence')}
                  </Button>
                </>
              )}
            </div>
          </Image.PreviewGroup>
        </div>
      )}
      <Collapse
        ghost
        size="small"
        style={{ marginTop: 4 }}
        items={[
          {
            key: 'all',
            label: t('consoleStationInspections.history.allResults', { count: inspection.results.length }),
            children: (
              <ol className="gh-inspection-results">
                {inspection.results.map((r) => (
                  <li key={r.code}>
                    <Tag color={r.result === 'pass' ? 'green' : r.result === 'fail' ? 'red' : 'default'}>
                      {t(`consoleStationInspections.result.${r.result}`)}
                    </Tag>
                    <Typography.Text>{r.text}</Typography.Text>
                    {r.note && <Typography.Text type="secondary"> — {r.note}</Typography.Text>}
                  </li>
                ))}
              </ol>
            ),
          },
        ]}
      />
    </div>
  );
}
