import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatFen } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { ProblemAlert } from '../../funds/components/form-problem.tsx';
import { useSession } from '../../../session.tsx';
import { orgsApi } from '../../orgs/api.ts';
import { hardshipApi, type Settings } from '../api.ts';
import {
  parseYuan,
  relativeLineFen,
  settingsFieldOf,
  settingsSource,
  toSettingsBody,
  toSettingsValues,
  type SettingsValues,
} from '../rules.ts';
import { showProblemAt, type FormProblem } from './form-problem.ts';

interface Union {
  id: string;
  name: string;
}

/**
 * 困难认定标准 of a union (the staff member's own by default, or one of their subtree): the local 低保
 * standard, the relative line's multiple, the months of income a sudden burden must reach, the
 * notice's days and the share of filed households called back each week. A union without its own takes the nearest union's above, which the page says; the
 * admin sets the union's own.
 */
export function SettingsTab() {
  const { t } = useTranslation();
  const { me, access } = useSession();
  const { message } = App.useApp();
  const [union, setUnion] = useState<Union>({ id: me.org.id, name: me.org.name });
  const [settings, setSettings] = useState<Settings | null | undefined>(undefined);
  const [fromName, setFromName] = useState<string | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<SettingsValues>();
  const minimumLiving = Form.useWatch('minimumLiving', form) as string | undefined;
  const multiple = Form.useWatch('relativeMultiple', form) as number | null | undefined;
  const k = 'consoleHardship.settings';

  const load = useCallback(
    async (orgId: string) => {
      setSettings(undefined);
      setLoadProblem(null);
      setProblem(null);
      setFromName(null);
      try {
        const found = await hardshipApi.settings(orgId);
        setSettings(found);
        form.setFieldsValue(toSettingsValues(found));
        // The union whose threshold is inherited lies above the staff member's reach more often than not: its name when it can be read.
        if (found && found.orgId !== orgId) {
          orgsApi
            .get(found.orgId)
            .then(({ org }) => setFromName(org.name))
            .catch(() => setFromName(null));
        }
      } catch (error) {
        setLoadProblem(errorText(error));
      }
    },
    [form],
  );

  useEffect(() => {
    void load(union.id);
  }, [load, union.id]);

  const source = settings === undefined ? null : settingsSource(settings, union.id);
  const save = async (values: SettingsValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const saved = await hardshipApi.setSettings(union.id, toSettingsBody(values));
      setSettings(saved);
      form.setFieldsValue(toSettingsValues(saved));
      void message.success(t(`${k}.saved`, { org: union.name }));
    } catch (error) {
      setProblem(
        showProblemAt(form, error, (field) => {
          const name = settingsFieldOf(field);
          return name ? [name] : null;
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  const parsed = parseYuan(minimumLiving);
  const line = parsed?.ok && parsed.fen > 0 && multiple ? relativeLineFen(parsed.fen, multiple) : null;
  const readOnly = !access.canAdminHardship;

  return (
    <Card size="small" data-testid="hardship-settings">
      <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 820 }}>
        <Space size={12} wrap align="center">
          <Typography.Text>{t('common.labelSuffix', { label: t(`${k}.union`) })}</Typography.Text>
          <div style={{ width: 260 }}>
            <OrgPicker
              value={union.id}
              onChange={(id, org) => id && setUnion({ id, name: org?.name ?? id })}
              data-testid="hardship-settings-union"
            />
          </div>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t(`${k}.hint`)}
        </Typography.Paragraph>
        {loadProblem && <Alert type="error" showIcon title={loadProblem} />}
        {settings === undefined && !loadProblem && <Spin />}
        {source && (
          <Alert
            type={source === 'own' ? 'success' : source === 'inherited' ? 'info' : 'warning'}
            showIcon
            data-testid="hardship-settings-source"
            data-source={source}
            title={
              source === 'own'
                ? t(`${k}.own`, { org: union.name })
                : source === 'inherited'
                  ? fromName
                    ? t(`${k}.inherited`, { org: union.name, from: fromName })
                    : t(`${k}.inheritedAbove`, { org: union.name })
                  : t(`${k}.none`, { org: union.name })
            }
          />
        )}
        <ProblemAlert problem={problem} testId="hardship-settings-error" />
        <Form<SettingsValues>
          form={form}
          layout="vertical"
          disabled={readOnly || settings === undefined}
          onFinish={(values) => void save(values)}
          onValuesChange={(changed: Partial<SettingsValues>) =>
            form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof SettingsValues, errors: [] })))
          }
        >
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Form.Item
                name="minimumLiving"
                label={t(`${k}.minimumLiving`)}
                extra={t(`${k}.minimumLivingHint`)}
                required
                rules={[
                  {
                    validator: async (_, value: string | undefined) => {
                      const result = parseYuan(value);
                      if (result === null) throw new Error(t(`${k}.minimumLivingRequired`));
                      if (!result.ok) throw new Error(i18n.t(`consoleHardship.amount.${result.problem}`));
                    },
                  },
                ]}
              >
                <Input inputMode="decimal" suffix={t(`${k}.perMonthPerPerson`)} data-testid="hardship-settings-minimum" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="relativeMultiple"
                label={t(`${k}.relativeMultiple`)}
                extra={line !== null ? t(`${k}.relativeLine`, { amount: formatFen(line) }) : t(`${k}.relativeMultipleHint`)}
              >
                <InputNumber<number>
                  min={1}
                  max={5}
                  step={0.1}
                  style={{ width: '100%' }}
                  suffix={t(`${k}.times`)}
                  data-testid="hardship-settings-multiple"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="suddenBurdenMonths" label={t(`${k}.suddenBurdenMonths`)} extra={t(`${k}.suddenBurdenMonthsHint`)}>
                <InputNumber<number>
                  min={1}
                  max={60}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t(`${k}.months`)}
                  data-testid="hardship-settings-months"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="noticeDays" label={t(`${k}.noticeDays`)} extra={t(`${k}.noticeDaysHint`)}>
                <InputNumber<number>
                  min={1}
                  max={30}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t(`${k}.days`)}
                  data-testid="hardship-settings-notice-days"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="callbackSharePct" label={t(`${k}.callbackSharePct`)} extra={t(`${k}.callbackSharePctHint`)}>
                <InputNumber<number>
                  min={1}
                  max={100}
                  precision={0}
                  style={{ width: '100%' }}
                  suffix={t(`${k}.percent`)}
                  data-testid="hardship-settings-callback-share"
                />
              </Form.Item>
            </Col>
          </Row>
          {readOnly ? (
            <Typography.Text type="secondary">{t(`${k}.readOnly`)}</Typography.Text>
          ) : (
            <Button type="primary" htmlType="submit" loading={saving} data-testid="hardship-settings-save">
              {source === 'own' ? t(`${k}.save`) : t(`${k}.saveOwn`)}
            </Button>
          )}
        </Form>
      </Space>
    </Card>
  );
}
