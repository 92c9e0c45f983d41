import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Image, Select, Space, Tag, Typography } from 'antd';
import { FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { DOCUMENT_KINDS, mutualAidApi, type ClaimDetail, type ClaimDocument, type DocumentKind } from '../api.ts';

/** What the picker offers; the server tells the type from the bytes, this only narrows the dialog. */
const DOCUMENT_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

const sizeText = (bytes: number) =>
  bytes < 1_048_576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;

/**
 * 材料: what the member and staff uploaded — photos shown in place (click to enlarge), PDFs as links;
 * every reading is audited by the server. An operator uploads a scan brought to the desk, naming its kind.
 */
export function DocumentsPanel({
  claim,
  canUpload,
  onAdded,
}: {
  claim: ClaimDetail;
  canUpload: boolean;
  onAdded: (doc: ClaimDocument) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<DocumentKind>('invoice');
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const k = 'consoleMutualAid.documents';

  const upload = async (files: File[]) => {
    setUploading(true);
    setProblem(null);
    let done = 0;
    for (const file of files) {
      try {
        onAdded(await mutualAidApi.uploadDocument(claim.id, file, kind, file.name));
        done++;
      } catch (error) {
        setProblem(t(`${k}.failed`, { name: file.name, reason: errorText(error) }));
      }
    }
    setUploading(false);
    if (done > 0) void message.success(t(`${k}.uploaded`, { count: done }));
  };

  return (
    <Card
      size="small"
      title={t(`${k}.title`)}
      className="gh-ma-card"
      data-testid="mutual-aid-claim-documents"
      extra={
        canUpload && (
          <Space size={6}>
            <Select<DocumentKind>
              size="small"
              value={kind}
              onChange={setKind}
              style={{ width: 130 }}
              options={DOCUMENT_KINDS.map((value) => ({ value, label: t(`${k}.kind.${value}`) }))}
              data-testid="mutual-aid-document-kind"
            />
            <input
              ref={input}
              type="file"
              accept={DOCUMENT_ACCEPT}
              multiple
              hidden
              data-testid="mutual-aid-document-input"
              onChange={(event) => {
                const files = [...(event.target.files ?? [])];
                event.target.value = '';
                if (files.length > 0) void upload(files);
              }}
            />
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={uploading}
              onClick={() => input.current?.click()}
              data-testid="mutual-aid-document-upload"
            >
              {t(`${k}.upload`)}
            </Button>
          </Space>
        )
      }
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="mutual-aid-document-error" />}
      {claim.documents.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`${k}.empty`)} />
      ) : (
        <Image.PreviewGroup>
          <ul className="gh-ma-documents" data-testid="mutual-aid-claim-document-list">
            {claim.documents.map((doc) => (
              <li key={doc.id} className="gh-ma-document" data-testid="mutual-aid-claim-document" data-kind={doc.kind}>
                {doc.contentType.startsWith('image/') ? (
                  <Image
                    src={doc.url}
                    alt={doc.name}
                    width={80}
                    height={80}
                    style={{ objectFit: 'cover' }}
                    rootClassName="gh-ma-document-thumb"
                    preview={{ mask: t(`${k}.preview`) }}
                    data-testid="mutual-aid-claim-document-image"
                  />
                ) : (
                  <a
                    className="gh-ma-document-pdf"
                    href={doc.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    title={t(`${k}.open`)}
                    data-testid="mutual-aid-claim-document-pdf"
                  >
                    <FilePdfOutlined />
                  </a>
                )}
                <div className="gh-ma-document-body">
                  <Tag bordered={false} color="blue">
                    {t(`${k}.kind.${doc.kind}`)}
                  </Tag>
                  <Typography.Link href={doc.url} target="_blank" rel="noopener noreferrer" ellipsis className="gh-ma-document-name">
                    {doc.name}
                  </Typography.Link>
                  <Typography.Text type="secondary" className="gh-ma-small">
                    {t(`${k}.meta`, {
                      by: t(`${k}.by.${doc.uploadedBy}`),
                      at: formatDateTime(doc.createdAt).slice(0, 16),
                      size: sizeText(doc.bytes),
                    })}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ul>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}
