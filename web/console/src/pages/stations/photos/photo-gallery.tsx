import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Empty, Image, Popconfirm, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { problemText } from '../../../components/problem-text.ts';
import { photosApi, type StationPhoto } from './api.ts';
import { shrinkPhoto } from './shrink.ts';
import './photos.css';

/** The types a photo may be; the server checks the bytes, this only narrows the file picker. */
export const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';

/** A photo's thumbnail; the bytes come from the console's scoped route (cookies, same origin). */
export function PhotoThumb({ photo, size = 'md' }: { photo: Pick<StationPhoto, 'url' | 'caption' | 'name'>; size?: 'sm' | 'md' }) {
  return (
    <Image
      src={photo.url}
      alt={photo.caption ?? photo.name}
      width={size === 'sm' ? 96 : '100%'}
      height={size === 'sm' ? 72 : 150}
      rootClassName={`gh-photo-thumb gh-photo-thumb-${size}`}
      style={{ objectFit: 'cover', display: 'block' }}
      loading="lazy"
      preview={{ mask: false }}
    />
  );
}

/**
 * A station's own photos in the order the H5 shows them (the first is its cover): upload (shrunk in
 * the browser first), move earlier or later, caption, delete. Read-only without `canEdit`.
 */
export function PhotoGallery({ stationId, canEdit }: { stationId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [photos, setPhotos] = useState<StationPhoto[]>([]);
  const [limitBytes, setLimitBytes] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    setProblem(null);
    try {
      const list = await photosApi.list(stationId);
      setPhotos(list.items);
      setLimitBytes(list.limitBytes);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setLoading(false);
    }
  }, [stationId]);

  useEffect(() => {
    void load();
  }, [load]);

  // One after another, so that they land in the order they were chosen.
  const upload = async (files: File[]) => {
    let done = 0;
    for (const file of files) {
      setUploading(file.name);
      try {
        const shrunk = await shrinkPhoto(file);
        const photo = await photosApi.upload(stationId, shrunk.blob, { fileName: shrunk.name });
        setPhotos((list) => [...list, photo]);
        done++;
      } catch (error) {
        void message.error(t('consoleStationInspections.photos.failed', { name: file.name, reason: errorText(error) }));
      }
    }
    setUploading(null);
    if (done > 0) void message.success(t('consoleStationInspections.photos.uploaded', { count: done }));
  };

  const move = async (index: number, by: -1 | 1) => {
    const order = photos.map((p) => p.id);
    const [moved] = order.splice(index, 1);
    if (!moved) return;
    order.splice(index + by, 0, moved);
    setBusy(true);
    try {
      setPhotos((await photosApi.reorder(stationId, order)).items);
    } catch (error) {
      void message.error(problemText(error));
      await load();
    } finally {
      setBusy(false);
    }
  };

  const caption = async (photo: StationPhoto, text: string) => {
    if ((photo.caption ?? '') === text.trim()) return;
    try {
      const saved = await photosApi.caption(photo.id, text.trim() || null);
      setPhotos((list) => list.map((p) => (p.id === saved.id ? saved : p)));
    } catch (error) {
      void message.error(problemText(error));
    }
  };

  const remove = async (photo: StationPhoto) => {
    try {
      await photosApi.remove(photo.id);
      setPhotos((list) => list.filter((p) => p.id !== photo.id));
      void message.success(t('consoleStationInspections.photos.deleted'));
    } catch (error) {
      void message.error(problemText(error));
    }
  };

  if (loading) return <Spin />;
  return (
    <div data-testid="station-photos">
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      {canEdit && (
        <Space className="gh-photo-toolbar" align="center" wrap>
          <input
            ref={input}
            type="file"
            accept={PHOTO_ACCEPT}
            multiple
            hidden
            data-testid="station-photo-input"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length > 0) void upload(files);
            }}
          />
          <Button
            icon={<UploadOutlined />}
            loading={uploading !== null}
            onClick={() => input.current?.click()}
            data-testid="station-photo-upload"
          >
            {uploading
              ? t('consoleStationInspections.photos.uploading', { name: uploading })
              : t('consoleStationInspections.photos.upload')}
          </Button>
          {limitBytes !== null && (
            <Typography.Text type="secondary">
              {t('consoleStationInspections.photos.hint', { mb: Math.round((limitBytes / 1_048_576) * 10) / 10 })}
            </Typography.Text>
          )}
        </Space>
      )}
      {photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consoleStationInspections.photos.empty')} />
      ) : (
        <Image.PreviewGroup>
          <div className="gh-photo-grid">
            {photos.map((photo, index) => (
              <div key={photo.id} className="gh-photo-card" data-testid="station-photo">
                <div className="gh-photo-frame">
                  <PhotoThumb photo={photo} />
                  {index === 0 && (
                    <Tag color="red" className="gh-photo-cover">
                      {t('consoleStationInspections.photos.cover')}
                    </Tag>
                  )}
                </div>
                <div className="gh-photo-meta">
                  <Typography.Text
                    className="gh-photo-caption"
                    type={photo.caption ? undefined : 'secondary'}
                    editable={
                      canEdit
                        ? {
                            text: photo.caption ?? '',
                            maxLength: 60,
                            tooltip: t('consoleStationInspections.photos.editCaption'),
                            onChange: (text) => void caption(photo, text),
                          }
                        : false
                    }
                  >
                    {photo.caption ?? (canEdit ? t('consoleStationInspections.photos.noCaption') : '')}
                  </Typography.Text>
                  {canEdit && (
                    <Space size={0} className="gh-photo-actions">
                      <Tooltip title={t('consoleStationInspections.photos.moveEarlier')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<ArrowLeftOutlined />}
                          disabled={index === 0 || busy}
                          onClick={() => void move(index, -1)}
                          aria-label={t('consoleStationInspections.photos.moveEarlier')}
                        />
                      </Tooltip>
                      <Tooltip title={t('consoleStationInspections.photos.moveLater')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<ArrowRightOutlined />}
                          disabled={index === photos.length - 1 || busy}
                          onClick={() => void move(index, 1)}
                          aria-label={t('consoleStationInspections.photos.moveLater')}
                        />
                      </Tooltip>
                      <Popconfirm
                        title={t('consoleStationInspections.photos.deleteConfirm')}
                        okText={t('consoleStationInspections.photos.delete')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove(photo)}
                      >
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('consoleStationInspections.photos.delete')}
                          data-testid="station-photo-delete"
                        />
                      </Popconfirm>
                    </Space>
                  )}
                </div>
              </div>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
    </div>
  );
}
