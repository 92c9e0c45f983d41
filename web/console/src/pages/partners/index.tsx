import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../../shared/api.ts';
import { formatDateTime } from '../../../../shared/format.ts';
import { translateOptional } from '../../../../shared/i18n/index.ts';
import { OrgPicker } from '../../components/org-picker.tsx';
import { useSession } from '../../session.tsx';
import { ReasonDialog } from '../../components/reason-dialog.tsx';
import { USCC_PATTERN } from '../orgs/rules.ts';
import { PARTNER_KINDS, partnersApi, type CreatePartnerBody, type Partner, type PartnerKey, type PartnerKind } from './api.ts';

type Dialog =
  | { kind: 'create' }
  | { kind: 'reveal'; partner: Partner }
  | { kind: 'key'; partner: Partner }
  | { kind: 'secret'; partner: Partner; keyId: string; secret: string };

/** Partners page: merchants, hospitals, transport companies … and their API keys. */
export function PartnersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { access, me } = useSession();
  const [items, setItems] = useState<Partner[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await partnersApi.list()).items);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (partner: Partner, key: PartnerKey) => {
    try {
      await partnersApi.revokeKey(partner.id, key.id);
      void message.success(t('console.partners.revoked'));
      void load();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const keyTable = (partner: Partner) => (
    <Table<PartnerKey>
      size="small"
      rowKey="id"
      dataSource={partner.keys}
      pagination={false}
      locale={{ emptyText: t('console.partners.noKeys') }}
      data-testid="partner-keys"
      columns={[
        {
          title: t('console.partners.keyId'),
          dataIndex: 'id',
          render: (id: string) => (
            <Typography.Text code copyable>
              {id}
            </Typography.Text>
          ),
        },
        { title: t('console.partners.keyLabel'), dataIndex: 'label', render: (label: string | null) => label || t('common.none') },
        { title: t('console.partners.keyCreatedAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        { title: t('console.partners.keyLastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => formatDateTime(v) },
        {
          title: t('console.partners.keyStatus'),
          key: 'status',
          render: (_, key) =>
            key.revokedAt ? (
              <Tag>{t('console.partners.keyRevoked', { time: formatDateTime(key.revokedAt) })}</Tag>
            ) : (
              <Tag color="green">{t('console.partners.keyActive')}</Tag>
            ),
        },
        ...(access.canEditPartners
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                width: 100,
                render: (_: unknown, key: PartnerKey) =>
                  key.revokedAt ? null : (
                    <Popconfirm
                      title={t('console.partners.revoke')}
                      description={<div style={{ maxWidth: 280 }}>{t('console.partners.revokeConfirm')}</div>}
                      okText={t('console.partners.revoke')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => void revoke(partner, key)}
                    >
                      <Button type="link" danger size="small" data-testid="partner-key-revoke">
                        {t('console.partners.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]
          : []),
      ]}
    />
  );

  return (
    <Card>
      <div className="gh-toolbar">
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} />
        </Tooltip>
        {access.canEditPartners && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="partner-create">
            {t('console.partners.create')}
          </Button>
        )}
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<Partner>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('console.partners.empty') }}
        expandable={{ expandedRowRender: keyTable, rowExpandable: () => true }}
        data-testid="partner-table"
        columns={[
          { title: t('console.partners.name'), dataIndex: 'name' },
          {
            title: t('console.partners.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (kind: string) => translateOptional(`enums.partnerKind.${kind}`) ?? kind,
          },
          {
            title: t('console.partners.status'),
            dataIndex: 'status',
            width: 110,
            render: (status: string) => (
              <Tag color={status === 'active' ? 'green' : 'default'}>{translateOptional(`enums.partnerStatus.${status}`) ?? status}</Tag>
            ),
          },
          {
            title: t('console.partners.contact'),
            key: 'contact',
            width: 220,
            render: (_: unknown, p: Partner) =>
              p.contactName || p.contactPhoneMasked ? (
                <Space size={4}>
                  <span>{[p.contactName, p.contactPhoneMasked].filter(Boolean).join(' ')}</span>
                  {p.contactPhoneMasked && (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setDialog({ kind: 'reveal', partner: p })}
                      data-testid="partner-reveal-phone"
                    >
                      {t('console.partners.revealPhone')}
                    </Button>
                  )}
                </Space>
              ) : (
                t('common.none')
              ),
          },
          {
            title: t('console.partners.keys'),
            key: 'keys',
            width: 180,
            render: (_, p) => t('console.partners.keysCount', { active: p.keys.filter((k) => !k.revokedAt).length, total: p.keys.length }),
          },
          ...(access.canEditPartners
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 140,
                  render: (_: unknown, p: Partner) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<KeyOutlined />}
                      onClick={() => setDialog({ kind: 'key', partner: p })}
                      data-testid="partner-new-key"
                    >
                      {t('console.partners.newKey')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />

      {dialog?.kind === 'create' && (
        <CreatePartnerModal
          defaultOrgId={me.org.id}
          onClose={() => setDialog(null)}
          onCreated={() => {
            setDialog(null);
            void load();
          }}
        />
      )}
      {dialog?.kind === 'key' && (
        <NewKeyModal
          partner={dialog.partner}
          onClose={() => setDialog(null)}
          onCreated={(keyId, secret) => {
            setDialog({ kind: 'secret', partner: dialog.partner, keyId, secret });
            void load();
          }}
        />
      )}
      {dialog?.kind === 'reveal' && (
        <ReasonDialog
          title={t('console.partners.revealPhoneTitle', { name: dialog.partner.name })}
          hint={t('console.partners.revealPhoneHint')}
          testId="partner-reveal-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            const { contactPhone } = await partnersApi.revealContactPhone(dialog.partner.id, reason);
            setDialog(null);
            modal.info({ title: dialog.partner.contactName ?? dialog.partner.name, content: contactPhone ?? t('common.none') });
          }}
        />
      )}
      {dialog?.kind === 'secret' && <SecretModal keyId={dialog.keyId} secret={dialog.secret} onClose={() => setDialog(null)} />}
    </Card>
  );
}

function CreatePartnerModal({ defaultOrgId, onClose, onCreated }: { defaultOrgId: string; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreatePartnerBody>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const kindOptions = useMemo(() => PARTNER_KINDS.map((k) => ({ value: k, label: t(`enums.partnerKind.${k}`) })), [t]);

  const submit = async (values: CreatePartnerBody) => {
    setSaving(true);
    setProblem(null);
    try {
      const uscc = values.uscc?.trim();
      const created = await partnersApi.create({
        orgId: values.orgId,
        name: values.name.trim(),
        kind: values.kind,
        ...(uscc ? { uscc } : {}),
      });
      void message.success(t('console.partners.created', { name: created.name }));
      onCreated();
    } catch (error) {
      const { byField, rest } = fieldErrors(error, ['orgId', 'name', 'kind', 'uscc']);
      form.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof CreatePartnerBody, errors })));
      setProblem(joinMessages([errorText(error), ...rest]));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('console.partners.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      mask={{ closable: false }}
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Form<CreatePartnerBody>
        form={form}
        layout="vertical"
        initialValues={{ orgId: defaultOrgId }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="orgId" label={t('console.partners.org')} rules={[{ required: true, message: t('console.partners.orgRequired') }]}>
          <OrgPicker data-testid="partner-form-org" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('console.partners.name')}
          rules={[{ required: true, whitespace: true, message: t('console.partners.nameRequired') }]}
        >
          <Input maxLength={100} data-testid="partner-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('console.partners.kind')} rules={[{ required: true, message: t('console.partners.kindRequired') }]}>
          <Select<PartnerKind> options={kindOptions} data-testid="partner-form-kind" />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('console.partners.uscc')}
          normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
          rules={[{ pattern: USCC_PATTERN, message: t('console.orgs.form.usccInvalid') }]}
        >
          <Input placeholder={t('console.partners.usccOptional')} maxLength={18} data-testid="partner-form-uscc" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NewKeyModal({
  partner,
  onClose,
  onCreated,
}: {
  partner: Partner;
  onClose: () => void;
  onCreated: (keyId: string, secret: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ label?: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async ({ label }: { label?: string }) => {
    setSaving(true);
    setProblem(null);
    try {
      const created = await partnersApi.createKey(partner.id, label?.trim() || undefined);
      onCreated(created.keyId, created.secret);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('console.partners.newKeyTitle', { name: partner.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      mask={{ closable: false }}
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Form form={form} layout="vertical" onFinish={(values: { label?: string }) => void submit(values)}>
        <Form.Item name="label" label={t('console.partners.keyLabel')}>
          <Input maxLength={100} placeholder={t('console.partners.keyLabelPlaceholder')} data-testid="partner-key-label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Shows a new key's secret exactly once. */
function SecretModal({ keyId, secret, onClose }: { keyId: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('console.partners.secretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="partner-secret-done">
          {t('console.partners.secretDone')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('console.partners.secretWarning')} />
        <div>
          <Typography.Text type="secondary">{t('console.partners.keyId')}</Typography.Text>
          <Typography.Paragraph copyable={{ text: keyId }} code className="gh-secret" data-testid="partner-new-key-id">
            {keyId}
          </Typography.Paragraph>
        </div>
        <div>
          <Typography.Text type="secondary">{t('console.partners.secret')}</Typography.Text>
          <Typography.Paragraph copyable={{ text: secret }} code className="gh-secret" data-testid="partner-new-secret">
            {secret}
          </Typography.Paragraph>
        </div>
      </Space>
    </Modal>
  );
}
