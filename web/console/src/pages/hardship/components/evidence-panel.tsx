import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Image, Input, Progress, Segmented, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ExportOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { hardshipApi, type Evidence, type EvidenceKind } from '../api.ts';
import './evidence.css';

/** What the picker offers; the server tells the type from the bytes, this only narrows the dialog. */
const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';
const KINDS: readonly EvidenceKind[] = ['certificate', 'visit_photo', 'other'];
const KIND_COLOR: Record<EvidenceKind, string> = { certificate: 'red', visit_photo: 'cyan', other: 'default' };

interface Upload {
  key: string;
  name: string;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  percent: number;
  reason?: string;
}

const megabytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

function sizeText(t: TFunction, bytes: number): string {
  return bytes < 1_048_576
    ? t('consoleHardship.evidence.sizeKb', { n: Math.max(1, Math.round(bytes / 1024)) })
    : t('consoleHardship.evidence.sizeMb', { n: megabytes(bytes) });
}

/**
 * 证明材料 on a file's page: what the worker and staff uploaded (photos previewed in place, PDFs opened in
 * a new tab — each reading is audited by the server), and for operators an upload of several files at
 * once, each with its own progress and, when refused, the server's words.
 */
export function EvidencePanel({ fileId, canUpload }: { fileId: string; canUpload: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<Evidence[]>([]);
  const [limitBytes, setLimitBytes] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [kind, setKind] = useState<EvidenceKind>('certificate');
  const [caption, setCaption] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const k = 'consoleHardship.evidence';

  const load = useCallback(async () => {
    setProblem(null);
    try {
      const list = await hardshipApi.evidence(fileId);
      setItems(list.items);
      setLimitBytes(list.limitBytes);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [fileId]);

  useEffect(() => {
    void load();
  }, [load]);

  const patch = (key: string, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  // One after another, so that they land in the order they were chosen and a slow line is not split
  // between several bodies at once; the kind and caption are those chosen when the files were picked.
  const upload = async (files: File[]) => {
    const batch = files.map((file, i) => ({ file, key: `${Date.now()}-${i}-${file.name}` }));
    setUploads((list) => [
      ...list.filter((u) => u.state !== 'done'),
      ...batch.map(({ file, key }): Upload => ({ key, name: file.name, state: 'waiting', percent: 0 })),
    ]);
    const query = { kind, caption: caption.trim() || undefined };
    let done = 0;
    for (const { file, key } of batch) {
      patch(key, { state: 'uploading' });
      try {
        const added = await hardshipApi.uploadEvidence(
          fileId,
          file,
          { ...query, fileName: file.name.slice(0, 200) },
          { onProgress: (fraction) => patch(key, { percent: Math.floor(fraction * 100) }) },
        );
        setItems((list) => [...list, added]);
        patch(key, { state: 'done', percent: 100 });
        done++;
      } catch (error) {
        patch(key, { state: 'failed', reason: errorText(error) });
      }
    }
    if (done > 0) {
      setCaption('');
      void message.success(t(`${k}.uploaded`, { count: done }));
    }
  };

  return (
    <Card
      size="small"
      title={t(`${k}.title`)}
      extra={items.length > 0 && <Typography.Text type="secondary">{t(`${k}.count`, { count: items.length })}</Typography.Text>}
      data-testid="hardship-evidence"
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      {canUpload && (
        <div className="gh-evidence-upload">
          <Space wrap size={[8, 8]}>
            <Segmented<EvidenceKind>
              value={kind}
              onChange={setKind}
              options={KINDS.map((value) => ({ value, label: t(`${k}.kind.${value}`) }))}
              data-testid="hardship-evidence-kind"
            />
            <Input
              value={caption}
              onChange={(event) => setCaption(event.target.value)}
              maxLength={60}
              placeholder={t(`${k}.captionPlaceholder`)}
              style={{ width: 260 }}
              data-testid="hardship-evidence-caption"
            />
            <input
              ref={input}
              type="file"
              accept={EVIDENCE_ACCEPT}
              multiple
              hidden
              data-testid="hardship-evidence-input"
              onChange={(event) => {
                const files = [...(event.target.files ?? [])];
                event.target.value = '';
                if (files.length > 0) void upload(files);
              }}
            />
            <Button
              type="primary"
              icon={<UploadOutlined />}
              loading={uploads.some((u) => u.state === 'uploading')}
              onClick={() => input.current?.click()}
              data-testid="hardship-evidence-choose"
            >
              {t(`${k}.choose`)}
            </Button>
          </Space>
          {limitBytes !== null && (
            <Typography.Paragraph type="secondary" className="gh-evidence-hint" data-testid="hardship-evidence-limit">
              {t(`${k}.hint`, { mb: megabytes(limitBytes) })}
            </Typography.Paragraph>
          )}
          {uploads.length > 0 && (
            <ul className="gh-evidence-uploads" data-testid="hardship-evidence-uploads">
              {uploads.map((u) => (
                <li key={u.key} data-testid="hardship-evidence-upload" data-state={u.state} data-name={u.name}>
                  <Typography.Text ellipsis className="gh-evidence-upload-name">
                    {u.name}
                  </Typography.Text>
                  {u.state === 'failed' ? (
                    <Typography.Text type="danger" data-testid="hardship-evidence-upload-reason">
                      {t(`${k}.failed`, { reason: u.reason ?? '' })}
                    </Typography.Text>
                  ) : (
                    <Progress
                      percent={u.percent}
                      size="small"
                      status={u.state === 'done' ? 'success' : u.state === 'uploading' ? 'active' : 'normal'}
                      format={() => t(`${k}.${u.state}`)}
                      className="gh-evidence-progress"
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {loading ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`${k}.empty`)} />
      ) : (
        <Image.PreviewGroup>
          <ul className="gh-evidence-list" data-testid="hardship-evidence-list">
            {items.map((item) => (
              <EvidenceItem key={item.id} item={item} />
            ))}
          </ul>
        </Image.PreviewGroup>
      )}
      {!canUpload && !loading && (
        <Typography.Text type="secondary" className="gh-evidence-hint">
          {t(`${k}.readOnly`)}
        </Typography.Text>
      )}
    </Card>
  );
}

function EvidenceItem({ item }: { item: Evidence }) {
  const { t } = useTranslation();
  const k = 'consoleHardship.evidence';
  const photo = item.contentType.startsWith('image/');
  return (
    <li className="gh-evidence-item" data-testid="hardship-evidence-item" data-kind={item.kind} data-name={item.name}>
      {photo ? (
        <Image
          src={item.url}
          alt={item.caption ?? item.name}
          width={72}
          height={72}
          rootClassName="gh-evidence-thumb"
          style={{ objectFit: 'cover' }}
          loading="lazy"
          preview={{ mask: t(`${k}.preview`) }}
          data-testid="hardship-evidence-thumb"
        />
      ) : (
        <a
          className="gh-evidence-pdf"
          href={item.url}
          target="_blank"
          rel="noopener noreferrer"
          title={t(`${k}.openHint`)}
          aria-label={t(`${k}.pdf`)}
          data-testid="hardship-evidence-pdf"
        >
          <FilePdfOutlined />
        </a>
      )}
      <div className="gh-evidence-body">
        <div className="gh-evidence-line">
          <Tag color={KIND_COLOR[item.kind]} bordered={false}>
            {t(`${k}.kind.${item.kind}`)}
          </Tag>
          <Typography.Text strong ellipsis className="gh-evidence-name">
            {item.name}
          </Typography.Text>
          <Tooltip title={t(`${k}.openHint`)}>
            <a href={item.url} target="_blank" rel="noopener noreferrer" data-testid="hardship-evidence-open">
              <ExportOutlined /> {t(`${k}.open`)}
            </a>
          </Tooltip>
        </div>
        {item.caption && <div className="gh-evidence-caption">{item.caption}</div>}
        <Typography.Text type="secondary" className="gh-hardship-small">
          {t(`${k}.meta`, {
            by: t(`${k}.uploadedBy.${item.uploadedBy}`),
            at: formatDateTime(item.createdAt).slice(0, 16),
            size: sizeText(t, item.bytes),
          })}
        </Typography.Text>
      </div>
    </li>
  );
}
