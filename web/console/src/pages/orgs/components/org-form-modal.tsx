import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';
import { regionLevelOf } from '../../../../../shared/regions.ts';
import { RegionCascader } from '../../../components/region-cascader.tsx';
import { orgsApi, type CreateOrgBody, type Org, type UpdateOrgBody } from '../api.ts';
import {
  carriesFormation,
  childKindsOf,
  formationModesFor,
  requiredRegionLevel,
  TRADES,
  USCC_PATTERN,
  type FormationMode,
  type OrgKind,
  type Trade,
} from '../rules.ts';

interface OrgFormValues {
  name: string;
  kind: OrgKind;
  regionCode?: string;
  formationMode?: FormationMode;
  trades?: Trade[];
  uscc?: string;
}

const FIELDS = ['name', 'kind', 'regionCode', 'formationMode', 'trades', 'uscc'] as const;

export type OrgFormTarget = { mode: 'create'; parent: Org } | { mode: 'edit'; org: Org };

function kindOptionsFor(target: OrgFormTarget): OrgKind[] {
  return target.mode === 'create' ? childKindsOf(target.parent.kind) : [target.org.kind];
}

/** Create or edit an organisation. Render it only while open (each opening gets a fresh form). */
export function OrgFormModal({ target, onClose, onSaved }: { target: OrgFormTarget; onClose: () => void; onSaved: (org: Org) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgFormValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const kind = Form.useWatch('kind', form);
  const formationMode = Form.useWatch('formationMode', form);

  const kindOptions = kindOptionsFor(target);

  const initialValues = useMemo<Partial<OrgFormValues>>(() => {
    if (target.mode === 'create') {
      const options = kindOptionsFor(target);
      const only = options.length === 1 ? options[0] : undefined;
      const modes = only ? formationModesFor(only) : [];
      return {
        ...(only ? { kind: only } : {}),
        ...(modes.length === 1 ? { formationMode: modes[0] } : {}),
        ...(target.parent.regionCode ? { regionCode: target.parent.regionCode } : {}),
        trades: [],
      };
    }
    const org = target.org;
    return {
      name: org.name,
      kind: org.kind,
      ...(org.regionCode ? { regionCode: org.regionCode } : {}),
      ...(org.formationMode ? { formationMode: org.formationMode } : {}),
      trades: org.trades,
      ...(org.uscc ? { uscc: org.uscc } : {}),
    };
  }, [target]);

  const regionLevel = kind ? requiredRegionLevel(kind) : null;
  const showFormation = kind ? carriesFormation(kind) : false;

  const submit = async (values: OrgFormValues) => {
    setSaving(true);
    setProblem(null);
    const formation = carriesFormation(values.kind);
    const regionCode = regionLevel === 'none' ? '' : (values.regionCode ?? '');
    const uscc = values.uscc?.trim().toUpperCase() || undefined;
    try {
      let saved: Org;
      if (target.mode === 'create') {
        const body: CreateOrgBody = {
          parentId: target.parent.id,
          kind: values.kind,
          name: values.name.trim(),
          regionCode,
          ...(formation && values.formationMode ? { formationMode: values.formationMode } : {}),
          ...(formation && values.trades && values.trades.length > 0 ? { trades: values.trades } : {}),
          ...(formation && uscc ? { uscc } : {}),
        };
        saved = await orgsApi.create(body);
        void message.success(t('console.orgs.form.created', { name: saved.name }));
      } else {
        const body: UpdateOrgBody = {
          name: values.name.trim(),
          regionCode,
          ...(formation ? { formationMode: values.formationMode ?? null, trades: values.trades ?? [], uscc: uscc ?? null } : {}),
        };
        saved = await orgsApi.update(target.org.id, body);
        void message.success(t('console.orgs.form.saved'));
      }
      onSaved(saved);
    } catch (error) {
      // 400 orgs.invalid / common.validation_failed: each message beside its field.
      const { byField, rest } = fieldErrors(error, FIELDS);
      form.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof OrgFormValues, errors })));
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  const title = target.mode === 'create' ? t('console.orgs.form.createTitle') : t('console.orgs.form.editTitle');

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      width={600}
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="submit" type="primary" loading={saving} onClick={() => form.submit()} data-testid="org-form-submit">
          {target.mode === 'create' ? t('common.create') : t('common.save')}
        </Button>,
      ]}
    >
      {target.mode === 'create' && (
        <Typography.Paragraph type="secondary">{t('console.orgs.form.createUnder', { name: target.parent.name })}</Typography.Paragraph>
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          className="gh-form-alert"
          title={problem.title}
          description={problem.items.length > 0 ? joinMessages(problem.items) : undefined}
          data-testid="org-form-error"
        />
      )}
      {target.mode === 'create' && kindOptions.length === 0 ? (
        <Alert type="info" showIcon title={t('console.orgs.form.kindNoneAllowed')} />
      ) : (
        <Form<OrgFormValues>
          form={form}
          initialValues={initialValues}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          data-testid="org-form"
        >
          <Form.Item
            name="name"
            label={t('console.orgs.form.name')}
            rules={[{ required: true, whitespace: true, message: t('console.orgs.form.nameRequired') }, { max: 100 }]}
          >
            <Input placeholder={t('console.orgs.form.namePlaceholder')} maxLength={100} data-testid="org-form-name" />
          </Form.Item>
          <Form.Item
            name="kind"
            label={t('console.orgs.form.kind')}
            rules={[{ required: true, message: t('console.orgs.form.kindRequired') }]}
          >
            <Select<OrgKind>
              disabled={target.mode === 'edit'}
              options={kindOptions.map((k) => ({ value: k, label: t(`enums.orgKind.${k}`) }))}
              onChange={(next) => {
                const modes = formationModesFor(next);
                if (modes.length === 1) form.setFieldValue('formationMode', modes[0]);
                else if (!carriesFormation(next)) form.setFieldsValue({ formationMode: undefined, trades: [], uscc: undefined });
              }}
              data-testid="org-form-kind"
            />
          </Form.Item>
          {regionLevel !== 'none' && (
            <Form.Item
              name="regionCode"
              label={t('console.orgs.form.region')}
              dependencies={['kind']}
              rules={[
                { required: true, message: t('console.orgs.form.regionRequired') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (!value || !kind || !regionLevel) return;
                    if (regionLevelOf(value) !== regionLevel) {
                      throw new Error(
                        t('console.orgs.form.regionLevelHint', {
                          kind: t(`enums.orgKind.${kind}`),
                          level: t(`enums.regionLevel.${regionLevel}`),
                        }),
                      );
                    }
                  },
                },
              ]}
            >
              <RegionCascader placeholder={t('console.orgs.form.regionPlaceholder')} data-testid="org-form-region" />
            </Form.Item>
          )}
          {showFormation && kind && (
            <>
              <Form.Item
                name="formationMode"
                label={t('console.orgs.form.formationMode')}
                rules={[{ required: kind === 'grassroots', message: t('console.orgs.form.formationModeRequired') }]}
              >
                <Select<FormationMode>
                  allowClear={kind !== 'grassroots'}
                  options={formationModesFor(kind).map((m) => ({ value: m, label: t(`enums.formationMode.${m}`) }))}
                  data-testid="org-form-formation-mode"
                />
              </Form.Item>
              <Form.Item
                name="trades"
                label={t('console.orgs.form.trades')}
                rules={[
                  {
                    required: kind === 'industry_federation',
                    type: 'array',
                    min: kind === 'industry_federation' ? 1 : 0,
                    message: t('console.orgs.form.tradesRequired'),
                  },
                ]}
              >
                <Select<Trade[]>
                  mode="multiple"
                  allowClear
                  placeholder={t('console.orgs.form.tradesPlaceholder')}
                  options={TRADES.map((trade) => ({ value: trade, label: t(`enums.trade.${trade}`) }))}
                  data-testid="org-form-trades"
                />
              </Form.Item>
              <Form.Item
                name="uscc"
                label={t('console.orgs.form.uscc')}
                normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
                rules={[
                  { required: kind === 'grassroots' && formationMode === 'single', message: t('console.orgs.form.usccRequiredSingle') },
                  { pattern: USCC_PATTERN, message: t('console.orgs.form.usccInvalid') },
                ]}
              >
                <Input placeholder={t('console.orgs.form.usccPlaceholder')} maxLength={18} spellCheck={false} data-testid="org-form-uscc" />
              </Form.Item>
            </>
          )}
        </Form>
      )}
    </Modal>
  );
}
