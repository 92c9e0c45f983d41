import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Descriptions, Input, Radio, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckOutlined, CloseOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../../shared/api.ts';
import { useSession } from '../../../../session.tsx';
import { photosApi } from '../../photos/api.ts';
import { PHOTO_ACCEPT } from '../../photos/photo-gallery.tsx';
import { shrinkPhoto } from '../../photos/shrink.ts';
import { inspectionsApi, RESULT_KINDS, type InspectedStation, type Inspection, type StationStandard } from '../api.ts';
import { allPass, emptyAnswers, noteRequired, previewInspection, toInspectionBody, type AnswerDrafts } from '../rules.ts';
import { StandardSource } from './standard-source.tsx';

const DAY = 'YYYY-MM-DD';

/** A photo picked for the record, shown before it is sent. */
interface Evidence {
  file: File;
  preview: string;
}

/**
 * An inspection visit, filled in point by point against the standard that holds for the station: the
 * conclusion shown as it will be (any required point failed → 限期整改, which then needs a date), the
 * photos taken sent as evidence once the record is saved.
 */
export function InspectionForm({
  station,
  standard,
  today,
  onSaved,
}: {
  station: InspectedStation;
  standard: StationStandard;
  today: string;
  onSaved: (inspection: Inspection) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const navigate = useNavigate();
  const items = standard.items;
  const [visitedOn, setVisitedOn] = useState(today);
  const [answers, setAnswers] = useState<AnswerDrafts>(() => emptyAnswers(items));
  const [note, setNote] = useState('');
  const [rectifyBy, setRectifyBy] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<{ title: string; items: string[] } | null>(null);
  const [tried, setTried] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const preview = useMemo(() => previewInspection(items, answers), [items, answers]);
  const answered = items.length - preview.unanswered;

  // The previews' object URLs are released with the form.
  const previews = useRef<string[]>([]);
  previews.current = evidence.map((e) => e.preview);
  useEffect(() => () => previews.current.forEach((url) => URL.revokeObjectURL(url)), []);

  // What the staff member changes is no longer what was refused: the message goes until the next try.
  const answer = (code: string, change: Partial<AnswerDrafts[string]>) => {
    setProblems(null);
    setAnswers((all) => ({ ...all, [code]: { result: null, note: '', ...all[code], ...change } }));
  };

  const submit = async () => {
    setTried(true);
    setProblems(null);
    const missing: string[] = [];
    if (preview.unanswered > 0) missing.push(t('consoleStationInspections.form.unanswered', { count: preview.unanswered }));
    if (preview.missingNotes > 0) missing.push(t('consoleStationInspections.form.notesMissing', { count: preview.missingNotes }));
    if (preview.conclusion === 'rectify' && !rectifyBy) missing.push(t('consoleStationInspections.form.rectifyByHint'));
    if (missing.length > 0) {
      setProblems({ title: t('consoleStationInspections.form.incomplete'), items: missing });
      return;
    }
    setSaving(true);
    try {
      const saved = await inspectionsApi.record(station.id, toInspectionBody(items, { visitedOn, answers, note, rectifyBy }));
      let failed = 0;
      const photos = [...saved.photos];
      for (const picked of evidence) {
        try {
          const shrunk = await shrinkPhoto(picked.file);
          photos.push(await photosApi.uploadEvidence(saved.id, shrunk.blob, { fileName: shrunk.name }));
        } catch {
          failed++;
        }
      }
      if (failed > 0) void message.warning(t('consoleStationInspections.form.evidenceFailed', { count: failed }));
      else {
        void message.success(
          t('consoleStationInspections.form.saved', { conclusion: t(`consoleStationInspections.conclusion.${saved.conclusion}`) }),
        );
      }
      onSaved({ ...saved, photos });
    } catch (error) {
      setProblems({ title: errorText(error), items: error instanceof ApiError ? error.errors.map((e) => e.message) : [] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1000 }} data-testid="inspection-form">
      <Space size={12} align="center">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/station-inspections/stations/${station.id}`)}>
          {t('consoleStationInspections.station.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('consoleStationInspections.form.title')} · {station.name}
        </Typography.Title>
      </Space>

      <Card size="small">
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('consoleStationInspections.form.visitedOn')}>
            <DatePicker
              value={dayjs(visitedOn, DAY)}
              format={DAY}
              allowClear={false}
              disabledDate={(d) => d.format(DAY) > today}
              onChange={(d) => d && setVisitedOn(d.format(DAY))}
              data-testid="inspection-visited-on"
            />
          </Descriptions.Item>
          <Descriptions.Item label={t('consoleStationInspections.form.inspector')}>{me.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('consoleStationInspections.standard.title')}>
            <StandardSource standard={standard} />
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        size="small"
        title={t('consoleStationInspections.form.progress', { done: answered, total: items.length })}
        extra={
          <Button
            icon={<CheckOutlined />}
            onClick={() => {
              setProblems(null);
              setAnswers((all) => allPass(items, all));
            }}
            data-testid="inspection-all-pass"
          >
            {t('consoleStationInspections.form.allPass')}
          </Button>
        }
      >
        <ol className="gh-inspection-points">
          {items.map((item, index) => {
            const draft = answers[item.code];
            const needsNote = noteRequired(item, draft);
            const showNote = draft?.result === 'fail' || draft?.result === 'not_applicable';
            const missingNote = tried && needsNote && !draft?.note.trim();
            const unanswered = tried && !draft?.result;
            return (
              <li
                key={item.code}
                className={`gh-inspection-point${draft?.result === 'fail' ? ' is-fail' : ''}${unanswered ? ' is-missing' : ''}`}
                data-testid="inspection-point"
                data-code={item.code}
              >
                <div className="gh-inspection-point-row">
                  <span className="gh-inspection-point-no">{index + 1}</span>
                  <span className="gh-inspection-point-text">
                    {item.text}
                    {item.required && (
                      <Tag color="red" style={{ marginLeft: 8 }}>
                        {t('consoleStationInspections.form.required')}
                      </Tag>
                    )}
                  </span>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    value={draft?.result ?? null}
                    onChange={(event) => answer(item.code, { result: event.target.value as (typeof RESULT_KINDS)[number] })}
                  >
                    {RESULT_KINDS.map((kind) => (
                      <Radio.Button key={kind} value={kind} data-testid={`inspection-result-${item.code}-${kind}`}>
                        {kind === 'pass' ? <CheckOutlined /> : kind === 'fail' ? <CloseOutlined /> : null}{' '}
                        {t(`consoleStationInspections.result.${kind}`)}
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </div>
                {showNote && (
                  <Input
                    className="gh-inspection-point-note"
                    value={draft?.note ?? ''}
                    maxLength={200}
                    status={missingNote ? 'error' : undefined}
                    placeholder={
                      draft?.result === 'fail'
                        ? t('consoleStationInspections.form.notePlaceholderFail')
                        : needsNote
                          ? t('consoleStationInspections.form.notePlaceholderNa')
                          : t('consoleStationInspections.form.notePlaceholder')
                    }
                    onChange={(event) => answer(item.code, { note: event.target.value })}
                    data-testid={`inspection-note-${item.code}`}
                  />
                )}
              </li>
            );
          })}
        </ol>
      </Card>

      <Card size="small">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>{t('consoleStationInspections.form.summaryNote')}</Typography.Text>
            <Input.TextArea
              value={note}
              maxLength={1000}
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t('consoleStationInspections.form.summaryNotePlaceholder')}
              onChange={(event) => setNote(event.target.value)}
              style={{ marginTop: 6 }}
            />
          </div>
          <div>
            <Space align="center" wrap>
              <Typography.Text strong>{t('consoleStationInspections.form.evidence')}</Typography.Text>
              <Typography.Text type="secondary">{t('consoleStationInspections.form.evidenceHint')}</Typography.Text>
            </Space>
            <div className="gh-photo-strip" style={{ marginTop: 8 }}>
              {evidence.map((picked) => (
                <div key={picked.preview} className="gh-evidence-picked">
                  <img src={picked.preview} alt={picked.file.name} className="gh-photo-img gh-photo-img-sm" />
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<CloseOutlined />}
                    className="gh-evidence-remove"
                    aria-label={t('consoleStationInspections.photos.delete')}
                    onClick={() => {
                      URL.revokeObjectURL(picked.preview);
                      setEvidence((list) => list.filter((e) => e !== picked));
                    }}
                  />
                </div>
              ))}
              <input
                ref={input}
                type="file"
                accept={PHOTO_ACCEPT}
                multiple
                hidden
                data-testid="inspection-evidence-input"
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  event.target.value = '';
                  setEvidence((list) => [...list, ...files.map((file) => ({ file, preview: URL.createObjectURL(file) }))]);
                }}
              />
              <Button className="gh-evidence-add" icon={<CameraOutlined />} onClick={() => input.current?.click()}>
                {t('consoleStationInspections.form.addEvidence')}
              </Button>
            </div>
          </div>
        </Space>
      </Card>

      <Card size="small" className="gh-inspection-verdict">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Alert
            type={preview.conclusion === 'rectify' ? 'warning' : preview.unanswered > 0 ? 'info' : 'success'}
            showIcon
            data-testid="inspection-preview"
            title={
              <Space size={6} wrap>
                {t('consoleStationInspections.form.preview')}
                <Typography.Text strong>
                  {preview.conclusion === 'rectify'
                    ? t('consoleStationInspections.form.previewRectify', { count: preview.failedRequired })
                    : t('consoleStationInspections.form.previewMeets')}
                </Typography.Text>
                {preview.unanswered > 0 && (
                  <Typography.Text type="secondary">
                    {t('consoleStationInspections.form.unanswered', { count: preview.unanswered })}
                  </Typography.Text>
                )}
              </Space>
            }
          />
          {preview.conclusion === 'rectify' && (
            <Space align="center" wrap>
              <Typography.Text strong>{t('consoleStationInspections.form.rectifyBy')}</Typography.Text>
              <DatePicker
                value={rectifyBy ? dayjs(rectifyBy, DAY) : null}
                format={DAY}
                status={tried && !rectifyBy ? 'error' : undefined}
                disabledDate={(d) => d.format(DAY) < today}
                onChange={(d) => {
                  setProblems(null);
                  setRectifyBy(d ? d.format(DAY) : null);
                }}
                data-testid="inspection-rectify-by"
              />
              <Typography.Text type="secondary">{t('consoleStationInspections.form.rectifyByHint')}</Typography.Text>
            </Space>
          )}
          {problems && (
            <Alert
              type="error"
              showIcon
              title={problems.title}
              description={problems.items.length > 0 ? problems.items.join(t('common.listSeparator')) : undefined}
              data-testid="inspection-form-error"
            />
          )}
          <Button type="primary" size="large" loading={saving} onClick={() => void submit()} data-testid="inspection-submit">
            {t('consoleStationInspections.form.submit')}
          </Button>
        </Space>
      </Card>
    </Space>
  );
}
